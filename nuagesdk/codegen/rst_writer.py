"""Reference pages (reStructuredText) of a generated API package.

One page per class and an index page. Pages are built from the same model as
the Python modules, and no spec description text appears in them.
"""

from __future__ import annotations

import textwrap

from . import naming
from .layout import py_literal
from .model import (
    JOB_REST_NAME,
    SESSION_CLASS,
    AttributeModel,
    ClassModel,
    PackageModel,
)
from .python_writer import (
    attribute_flags,
    bounds_description,
    class_docstring,
    header_comment,
    type_description,
)

_MAX_CHOICES_IN_TABLE = 12
_BASE_CLASS_PATHS = {
    "JobMixin": "nuagesdk.rest.jobs.JobMixin",
    "RESTObject": "nuagesdk.rest.RESTObject",
    "RESTRootObject": "nuagesdk.rest.RESTRootObject",
}
# Parents used in the examples of these classes, in order of preference,
# because a job is normally created on a domain and not on the root object.
_EXAMPLE_PARENTS = {"job": ("domain", "l2domain", "enterprise")}

_EXAMPLE_VALUES_BY_FORMAT = {
    "ipv4": "192.0.2.10",
    "ipv6": "2001:db8::10",
    "cidr": "192.0.2.0/24",
}
_EXAMPLE_VALUES_BY_TYPE = {
    "int": "1",
    "float": "1.0",
    "bool": "True",
    "list": "[]",
    "dict": "{}",
}


def package_slug(version: str) -> str:
    """Return the package name of an API version: "6" -> "v6", "3.2" -> "v3_2"."""
    return "v" + version.replace(".", "_")


def render_pages(package: PackageModel, command: str) -> dict[str, str]:
    """Return every reference page of the package, keyed by file name."""
    pages = {"index.rst": render_index(package, command)}
    by_rest_name = {m.rest_name: m for m in package.classes if m.rest_name}
    for model in package.classes:
        pages[f"{model.module_name}.rst"] = render_page(
            package, model, by_rest_name, command
        )
    return pages


def _label(package: PackageModel, module_name: str) -> str:
    return f"{package_slug(package.version)}-{module_name}"


def _ref(package: PackageModel, class_name: str) -> str:
    return f":ref:`{class_name} <{_label(package, class_name.lower())}>`"


def _title(text: str, underline: str) -> list[str]:
    return [text, underline * len(text), ""]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [header, *rows]:
        for index, cell in enumerate(row):
            bullet = "   * -" if index == 0 else "     -"
            lines.append(f"{bullet} {cell}".rstrip())
    lines.append("")
    return lines


def render_index(package: PackageModel, command: str) -> str:
    """Return the index page: a table of every class with links."""
    slug = package_slug(package.version)
    lines = header_comment(command, marker="..")
    lines += ["", f".. _{slug}-reference:", ""]
    lines += _title(f"VSD API {package.version} reference", "=")
    lines += [
        f"Classes of ``nuagesdk.{slug}``, one per entity of VSD API "
        f"{package.version}. ``{SESSION_CLASS}`` opens a session whose root "
        f"object is ``{package.root_class}``.",
        "",
        ".. toctree::",
        "   :hidden:",
        "",
    ]
    lines += [f"   {model.module_name}" for model in package.classes]
    lines.append("")

    rows = [
        [
            _ref(package, model.class_name),
            _literal_or_dash(model.rest_name),
            _literal_or_dash(model.entity.resource_name),
        ]
        for model in package.classes
    ]
    lines += _table(["Class", "REST name", "Resource"], rows)
    return "\n".join(lines).rstrip("\n") + "\n"


def _literal_or_dash(value: str | None) -> str:
    return f"``{value}``" if value else "-"


def render_page(
    package: PackageModel,
    model: ClassModel,
    by_rest_name: dict[str, ClassModel],
    command: str,
) -> str:
    """Return the reference page of one class."""
    slug = package_slug(package.version)
    lines = header_comment(command, marker="..")
    lines += ["", f".. _{_label(package, model.module_name)}:", ""]
    lines += _title(model.class_name, "=")
    lines += [f".. py:class:: nuagesdk.{slug}.{model.class_name}", ""]
    bases = ", ".join(f"``{_BASE_CLASS_PATHS[base]}``" for base in model.bases)
    lines += [f"   Base classes: {bases}.", ""]
    for paragraph in class_docstring(package, model):
        lines += [paragraph, ""]

    lines += _attribute_section(model)
    lines += _children_section(package, model)
    lines += _parents_section(package, model)
    lines += _job_commands_section(model)
    lines += _example_section(package, model, by_rest_name)
    return "\n".join(lines).rstrip("\n") + "\n"


def _attribute_section(model: ClassModel) -> list[str]:
    lines = _title("Attributes", "-")
    if not model.attributes:
        return lines + ["None besides the common attributes of every object.", ""]

    # Five columns keep the table inside the page width: the flags share one
    # column, and so do the choices and the bounds.
    rows = []
    for attribute in model.attributes:
        spec = attribute.spec
        name = f"``{attribute.local_name}``"
        if attribute.vspk_name != attribute.local_name:
            name += f" (alias ``{attribute.vspk_name}``)"
        limits = [_choices_cell(attribute), bounds_description(attribute)]
        rows.append(
            [
                name,
                f"``{spec.remote_name}``",
                type_description(attribute),
                ", ".join(attribute_flags(attribute)),
                "; ".join(part for part in limits if part),
            ]
        )
    header = ["Name", "REST name", "Type", "Flags", "Choices and bounds"]
    lines += _table(header, rows)

    for attribute in model.attributes:
        choices = sorted(attribute.spec.choices or ())
        if len(choices) > _MAX_CHOICES_IN_TABLE:
            listed = ", ".join(f"``{choice}``" for choice in choices)
            text = f"Choices of ``{attribute.local_name}``: {listed}."
            lines += textwrap.wrap(text, width=88, break_long_words=False) + [""]
    return lines


def _choices_cell(attribute: AttributeModel) -> str:
    choices = sorted(attribute.spec.choices or ())
    if len(choices) > _MAX_CHOICES_IN_TABLE:
        return f"{len(choices)} choices, listed below the table"
    return ", ".join(f"``{choice}``" for choice in choices)


def _children_section(package: PackageModel, model: ClassModel) -> list[str]:
    lines = _title("Children", "-")
    if not model.children:
        return lines + ["None.", ""]

    rows = []
    for child in model.children:
        spec = child.spec
        operations = [
            op for op in ("get", "create", "update", "delete") if getattr(spec, op)
        ]
        fetcher = f"``{child.fetcher_name}``"
        if child.vspk_fetcher_name != child.fetcher_name:
            fetcher += f" (alias ``{child.vspk_fetcher_name}``)"
        rows.append(
            [
                _ref(package, child.class_name),
                fetcher,
                spec.relationship,
                ", ".join(operations) or "none",
            ]
        )
    return lines + _table(["Class", "Fetcher", "Relationship", "Operations"], rows)


def _parents_section(package: PackageModel, model: ClassModel) -> list[str]:
    lines = _title("Parents", "-")
    if not model.parent_classes:
        return lines + ["None.", ""]
    lines += [f"- {_ref(package, name)}" for name in model.parent_classes]
    return lines + [""]


def _job_commands_section(model: ClassModel) -> list[str]:
    commands = model.entity.allowed_job_commands
    if not commands:
        return []
    lines = _title("Allowed job commands", "-")
    lines += [f"- ``{command}``" for command in commands]
    return lines + [""]


def _example_section(
    package: PackageModel, model: ClassModel, by_rest_name: dict[str, ClassModel]
) -> list[str]:
    code = example_code(package, model, by_rest_name)
    if not code:
        return []
    lines = _title("Example", "-")
    lines += [".. code-block:: python", ""]
    lines += [f"   {line}".rstrip() for line in code]
    return lines + [""]


def example_code(
    package: PackageModel, model: ClassModel, by_rest_name: dict[str, ClassModel]
) -> list[str]:
    """Return a short usage example of the class, or [] for payload types."""
    slug = package_slug(package.version)
    if model.rest_name is None:
        return []
    if model.rest_name == package.root_rest_name:
        return [
            f"from nuagesdk import {slug}",
            "",
            f"session = {slug}.{SESSION_CLASS}(",
            '    username="csproot",',
            '    password="...",',
            '    enterprise="csp",',
            '    api_url="https://vsd.example.net:8443",',
            ")",
            "session.start()",
            f"me = session.user  # the {model.class_name} of the logged-in user",
        ]

    context: list[str] = []
    fetching = _fetching_example(package, model, by_rest_name, context)
    creating = _creating_example(package, model, by_rest_name, context)
    if not fetching and not creating:
        return []

    lines = [f"from nuagesdk import {slug}", "", *context]
    lines += fetching
    if fetching and creating:
        lines.append("")
    return lines + creating


def _variable(model: ClassModel) -> str:
    return naming.idiomatic_name(model.entity.entity_name)


def _parent_variable(parent: ClassModel, child: ClassModel) -> str:
    name = _variable(parent)
    return "parent" if name == _variable(child) else name


def _parent_with(
    package: PackageModel,
    model: ClassModel,
    by_rest_name: dict[str, ClassModel],
    operation: str,
) -> tuple[ClassModel, str] | None:
    """Return a parent whose collection of this class allows ``operation``.

    The root object is preferred, because a session reaches it directly,
    unless the class has its own order of preference.
    """
    candidates = []
    for parent_name in model.parents:
        parent = by_rest_name[parent_name]
        for child in parent.children:
            if child.spec.rest_name == model.rest_name and getattr(
                child.spec, operation
            ):
                candidates.append((parent, child.fetcher_name))
    preferred = _EXAMPLE_PARENTS.get(model.rest_name or "", ())
    order = {name: index for index, name in enumerate(preferred)}
    order.setdefault(package.root_rest_name, len(preferred))
    candidates.sort(key=lambda item: order.get(item[0].rest_name, len(order)))
    return candidates[0] if candidates else None


def _source_object(
    package: PackageModel, parent: ClassModel, model: ClassModel, context: list[str]
) -> str:
    """Return the expression of the parent object, and explain it in ``context``."""
    if parent.rest_name == package.root_rest_name:
        expression = "session.user"
        comment = f"# session: started {SESSION_CLASS}"
    else:
        expression = _parent_variable(parent, model)
        comment = f"# {expression}: {parent.class_name} object fetched earlier"
    if comment not in context:
        context.append(comment)
    return expression


def _fetching_example(
    package: PackageModel,
    model: ClassModel,
    by_rest_name: dict[str, ClassModel],
    context: list[str],
) -> list[str]:
    found = _parent_with(package, model, by_rest_name, "get")
    if found is None:
        return []
    parent, fetcher = found
    variable = _variable(model)
    has_name = any(a.local_name == "name" for a in model.attributes)
    printed_attribute = "name" if has_name else "id"
    source = _source_object(package, parent, model, context)
    return [
        f"for {variable} in {source}.{fetcher}.get():",
        f"    print({variable}.{printed_attribute})",
    ]


def _creating_example(
    package: PackageModel,
    model: ClassModel,
    by_rest_name: dict[str, ClassModel],
    context: list[str],
) -> list[str]:
    found = _parent_with(package, model, by_rest_name, "create")
    if found is None:
        return []
    parent, _ = found
    slug = package_slug(package.version)
    variable = _variable(model)
    arguments = ", ".join(
        f"{attribute.local_name}={_example_value(attribute, parent)}"
        for attribute in model.attributes
        if attribute.spec.required and not attribute.spec.read_only
    )
    source = _source_object(package, parent, model, context)
    lines = [
        f"{variable} = {slug}.{model.class_name}({arguments})",
        f"{source}.create_child({variable})",
    ]
    if model.rest_name == JOB_REST_NAME:
        lines.append(f"{variable}.wait(timeout=300)")
    return lines


def _example_value(attribute: AttributeModel, parent: ClassModel) -> str:
    spec = attribute.spec
    if spec.choices:
        allowed = [c for c in parent.entity.allowed_job_commands if c in spec.choices]
        return py_literal((allowed or sorted(spec.choices))[0])
    if attribute.python_type in _EXAMPLE_VALUES_BY_TYPE:
        return _EXAMPLE_VALUES_BY_TYPE[attribute.python_type]
    return py_literal(_EXAMPLE_VALUES_BY_FORMAT.get(spec.format or "", "example"))
