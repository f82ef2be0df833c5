"""Hand-written descriptions of the entities that scripts use most.

Every other class gets a description built from facts of its spec. The spec
files' own description texts are never copied into generated code or pages.
Keys are REST names, and each value is one or more sentences.
"""

from __future__ import annotations

DESCRIPTIONS: dict[str, str] = {
    "me": (
        "The logged-in user and the root of the object tree. A session fetches "
        "it at login, and its fetchers list the top-level collections such as "
        "enterprises."
    ),
    "enterprise": (
        "An organization (tenant) on the VSD. It owns domains, templates, "
        "users and groups, and it is the usual starting point of a script."
    ),
    "domain": (
        "A layer-3 routing domain of an enterprise, instantiated from a domain "
        "template. Policy changes on a domain are made between the job "
        "commands BEGIN_POLICY_CHANGES and APPLY_POLICY_CHANGES."
    ),
    "l2domain": (
        "A layer-2 domain of an enterprise, instantiated from a layer-2 domain "
        "template. It takes the same policy-change job commands as a domain."
    ),
    "domaintemplate": (
        "A template from which layer-3 domains of an enterprise are created. "
        "Policies defined on it apply to every domain made from it."
    ),
    "l2domaintemplate": (
        "A template from which layer-2 domains of an enterprise are created."
    ),
    "job": (
        "A command that the VSD runs in the background on the object under "
        "which the job is created. Poll the job until its status is SUCCESS "
        "or FAILED, or call wait(), then read the result."
    ),
    "metadata": (
        "A user-defined piece of data attached to one object: a name, a "
        "free-form blob and optional metadata tag IDs."
    ),
    "globalmetadata": (
        "A user-defined piece of data attached to an object, with the same "
        "name, blob and tag fields as metadata. The parent lists it through "
        "its global_metadatas fetcher."
    ),
}
