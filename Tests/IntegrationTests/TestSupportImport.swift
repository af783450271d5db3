/// Every integration test sees the shared test helpers (process runner, temporary folders,
/// fixture lookup) without importing them file by file.
@_exported import TestSupport
