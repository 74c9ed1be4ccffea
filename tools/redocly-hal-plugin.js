// HAL rules for openapi.yaml, as a Redocly CLI plugin (see tools/redocly.yaml).
//
// Each rule walks the raw document from the Root node, because "is this the shared link
// schema?" is a question about $refs, which resolved nodes no longer show.

const HAL_LINK = "#/components/schemas/HalLink";
const REDIRECT_URL_LINK = "#/components/schemas/RedirectUrlLink";
// POST /token answers in OAuth's error format (RFC 6749, section 5.2), as Dwolla does.
const ERROR_SCHEMAS = ["#/components/schemas/Error", "#/components/schemas/OAuthError"];
const HAL_MEDIA_TYPE = "application/vnd.dwolla.v1.hal+json";
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

function resolve(doc, node) {
  const seen = new Set();
  while (node && typeof node === "object" && typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
    if (seen.has(node.$ref)) return undefined;
    seen.add(node.$ref);
    node = node.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((current, key) => (current ? current[key] : undefined), doc);
  }
  return node;
}

function* operations(doc) {
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      if (item && item[method]) yield { path, method, operation: item[method] };
    }
  }
}

function* responses(doc) {
  for (const { path, method, operation } of operations(doc)) {
    for (const [status, response] of Object.entries(operation.responses || {})) {
      yield { path, method, status, response: resolve(doc, response), at: ["paths", path, method, "responses", status] };
    }
  }
}

function rootRule(check) {
  return function rule() {
    return {
      Root: {
        enter(root, ctx) {
          check(root, (message, at) => ctx.report({ message, location: ctx.location.child(at) }));
        },
      },
    };
  };
}

// Every 2xx HAL resource (a response with a HAL body) has _links with a required self.
const resourceHasSelfLink = rootRule((doc, report) => {
  for (const { status, response, at } of responses(doc)) {
    if (!/^2/.test(status) || !response || !response.content) continue;
    for (const [mediaType, media] of Object.entries(response.content)) {
      if (mediaType !== HAL_MEDIA_TYPE) continue;
      const schema = resolve(doc, media.schema);
      const links = schema && schema.properties && resolve(doc, schema.properties._links);
      const hasSelf = links && links.properties && links.properties.self && (links.required || []).includes("self");
      if (!hasSelf) {
        report(`${status} resource must have _links with a required self link`, [...at, "content", mediaType, "schema"]);
      }
    }
  }
});

function linkSchemasOf(doc) {
  // Schemas used as `_links`, found from every schema property named _links.
  const found = [];
  const visit = (schema, at) => {
    if (!schema || typeof schema !== "object") return;
    const links = schema.properties && schema.properties._links;
    if (links) {
      const target = links.$ref ? resolve(doc, links) : links;
      const targetAt = links.$ref ? links.$ref.slice(2).split("/") : [...at, "properties", "_links"];
      found.push({ schema: target, at: targetAt });
    }
    for (const [name, property] of Object.entries(schema.properties || {})) {
      if (!property.$ref) visit(property, [...at, "properties", name]);
    }
    if (schema.items && !schema.items.$ref) visit(schema.items, [...at, "items"]);
  };
  for (const [name, schema] of Object.entries((doc.components && doc.components.schemas) || {})) {
    visit(schema, ["components", "schemas", name]);
  }
  return found;
}

// Every link under _links is the shared HalLink schema, named or not.
const linksUseSharedSchema = rootRule((doc, report) => {
  for (const { schema, at } of linkSchemasOf(doc)) {
    if (!schema) continue;
    for (const [relation, link] of Object.entries(schema.properties || {})) {
      // A request's redirect-url may be an Android package name, not a URL: its own schema.
      const allowed = relation === "redirect-url" ? [HAL_LINK, REDIRECT_URL_LINK] : [HAL_LINK];
      if (!link || !allowed.includes(link.$ref)) {
        report(`link relation "${relation}" must be $ref: '${HAL_LINK}'`, [...at, "properties", relation]);
      }
    }
    const extra = schema.additionalProperties;
    if (extra !== undefined && extra !== false && (!extra || extra.$ref !== HAL_LINK)) {
      report(`unknown link relations must be $ref: '${HAL_LINK}'`, [...at, "additionalProperties"]);
    }
  }
});

// Every operation that takes an id in its path can answer 404.
const idOperationHas404 = rootRule((doc, report) => {
  for (const { path, method, operation } of operations(doc)) {
    if (/\{[^}]+\}/.test(path) && !(operation.responses || {})["404"]) {
      report(`${method.toUpperCase()} ${path} takes an id and must document a 404 response`, ["paths", path, method, "responses"]);
    }
  }
});

// Every response body comes with at least one example.
const responsesHaveExamples = rootRule((doc, report) => {
  for (const { status, response, at } of responses(doc)) {
    for (const [mediaType, media] of Object.entries((response && response.content) || {})) {
      const named = media.examples && Object.keys(media.examples).length > 0;
      if (!named && media.example === undefined) {
        report(`${status} response (${mediaType}) must have an example`, [...at, "content", mediaType]);
      }
    }
  }
});

// Every error response uses the shared Error schema.
const errorsUseSharedSchema = rootRule((doc, report) => {
  for (const { status, response, at } of responses(doc)) {
    if (!/^[45]/.test(status)) continue;
    for (const [mediaType, media] of Object.entries((response && response.content) || {})) {
      if (!media.schema || !ERROR_SCHEMAS.includes(media.schema.$ref)) {
        report(`${status} error response must use $ref: '${ERROR_SCHEMAS[0]}'`, [...at, "content", mediaType, "schema"]);
      }
    }
  }
});

module.exports = function halPlugin() {
  return {
    id: "hal",
    rules: {
      oas3: {
        "resource-self-link": resourceHasSelfLink,
        "links-use-shared-schema": linksUseSharedSchema,
        "id-operation-404": idOperationHas404,
        "response-examples": responsesHaveExamples,
        "errors-use-shared-schema": errorsUseSharedSchema,
      },
    },
  };
};
