"""YAML data files read with the line of every key, for ``file:line`` errors.

The bottom layer under the catalog loader and the language packs: both turn a validation error's
path back into the line a person has to fix.
"""

from lined_yaml.reader import (
    LinedYaml,
    YamlFileError,
    YamlPath,
    dotted_path,
    load_yaml_file,
    load_yaml_text,
)

__all__ = [
    "LinedYaml",
    "YamlFileError",
    "YamlPath",
    "dotted_path",
    "load_yaml_file",
    "load_yaml_text",
]
