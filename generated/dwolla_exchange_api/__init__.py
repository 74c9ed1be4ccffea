"""A client library for accessing Dwolla Exchange Sessions"""
