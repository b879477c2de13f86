"""Audience core: rule tree, operators, validator, compiler, engine, approval, export, audit."""
