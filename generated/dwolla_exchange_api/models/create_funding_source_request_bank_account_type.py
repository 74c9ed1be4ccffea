from enum import StrEnum


class CreateFundingSourceRequestBankAccountType(StrEnum):
    CHECKING = "checking"
    SAVINGS = "savings"

    def __str__(self) -> str:
        return str(self.value)
