/// The OTPCore tests read their vectors with the shared fixture lookup.
@_exported import TestSupport
