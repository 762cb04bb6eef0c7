"""Domain vocabulary shared by the server and the SDK: standard library only."""
