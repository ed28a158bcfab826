"""textwash inside other tools' pipelines; each module needs its tool's extra."""
