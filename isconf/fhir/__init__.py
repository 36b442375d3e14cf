"""HL7 FHIR R4B exchange: a case to and from a Bundle, a meeting to a document Bundle, and
the REST calls that pull a patient from a hospital's server and push a decision back.

The mapping is documented field by field in ``docs/fhir.md``.
"""

# The environment variable holding the bearer token for a FHIR server (here, not in the client,
# so the command line names it without importing the HTTP machinery on every start).
TOKEN_VARIABLE = "ISCONF_FHIR_TOKEN"
