"""The vendored pySHACL tests are data for tests/test_pyshacl_suite.py and test_pyshacl_issues.py,
which run them through both engines; pytest does not collect them on their own."""

collect_ignore_glob = ["issues/*"]
