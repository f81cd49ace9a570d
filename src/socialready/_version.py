"""The version of socialready: its one source, which pyproject.toml reads
(`[tool.hatch.version]`)."""

__version__ = "0.1.0"
