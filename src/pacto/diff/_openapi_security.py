"""Security requirements (operation level, else document level), security schemes and
servers."""

from __future__ import annotations

from pacto.diff._openapi_base import ADDED, MODIFIED, REMOVED, OpenAPIWalk, mapping
from pacto.diff._schema import Node

__all__ = ["SecurityRules"]


class SecurityRules(OpenAPIWalk):
    """Who may call, and where."""

    def _requirements(
        self, root: Node, operation: Node
    ) -> tuple[Node | None, dict[frozenset[str], tuple[int, dict[str, set[str]]]]]:
        owner = operation if "security" in operation.value else root
        value = owner.value.get("security")
        if not isinstance(value, list):
            return None, {}
        alternatives: dict[frozenset[str], tuple[int, dict[str, set[str]]]] = {}
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                continue
            scopes = {
                str(name): {str(s) for s in (scope or []) if isinstance(s, str)}
                if isinstance(scope, list)
                else set()
                for name, scope in item.items()
            }
            alternatives.setdefault(frozenset(scopes), (index, scopes))
        return owner.child("security"), alternatives

    def _security(self, label: str, base: str, old_op: Node, new_op: Node) -> None:
        old_node, old_alts = self._requirements(self.old_root, old_op)
        new_node, new_alts = self._requirements(self.new_root, new_op)
        old_open = not old_alts or frozenset() in old_alts
        new_open = not new_alts or frozenset() in new_alts
        old_at = old_node.at() if old_node else old_op.at()
        new_at = new_node.at() if new_node else new_op.at()
        if old_open and not new_open:
            schemes = sorted("+".join(sorted(k)) for k in new_alts)
            self._add(
                "openapi.security.added",
                f"{base}.security",
                ADDED,
                None,
                " | ".join(schemes),
                f"{label} now requires authentication",
                old_at,
                new_at,
            )
            return
        if not old_open and new_open:
            schemes = sorted("+".join(sorted(k)) for k in old_alts)
            self._add(
                "openapi.security.removed",
                f"{base}.security",
                REMOVED,
                " | ".join(schemes),
                None,
                f"{label} no longer requires authentication",
                old_at,
                new_at,
            )
            return
        for key in sorted(old_alts, key=lambda k: sorted(k)):
            if not key:
                continue
            shown = "+".join(sorted(key))
            path = f"{base}.security[{shown}]"
            if key not in new_alts:
                self._add(
                    "openapi.security.alternative-removed",
                    path,
                    REMOVED,
                    shown,
                    None,
                    f"{label} security requirement {shown} removed",
                    old_at,
                    new_at,
                )
                continue
            old_scopes, new_scopes = old_alts[key][1], new_alts[key][1]
            for scheme in sorted(key):
                for scope in sorted(new_scopes[scheme] - old_scopes[scheme]):
                    self._add(
                        "openapi.security.scope-added",
                        f"{path}.scopes[{scope}]",
                        ADDED,
                        None,
                        scope,
                        f"{label} {scheme} requires scope {scope}",
                        old_at,
                        new_at,
                    )
                for scope in sorted(old_scopes[scheme] - new_scopes[scheme]):
                    self._add(
                        "openapi.security.scope-removed",
                        f"{path}.scopes[{scope}]",
                        REMOVED,
                        scope,
                        None,
                        f"{label} {scheme} no longer requires scope {scope}",
                        old_at,
                        new_at,
                    )
        for key in sorted(set(new_alts) - set(old_alts), key=lambda k: sorted(k)):
            if not key:
                continue
            shown = "+".join(sorted(key))
            self._add(
                "openapi.security.alternative-added",
                f"{base}.security[{shown}]",
                ADDED,
                None,
                shown,
                f"{label} security requirement {shown} added",
                old_at,
                new_at,
            )

    def _security_schemes(self) -> None:
        old_schemes = mapping(mapping(self.old_root, "components"), "securitySchemes")
        new_schemes = mapping(mapping(self.new_root, "components"), "securitySchemes")
        if old_schemes is None or new_schemes is None:
            return
        for name in sorted(set(old_schemes.value) & set(new_schemes.value)):
            old = self._resolve(old_schemes.child(name), self.old_res)
            new = self._resolve(new_schemes.child(name), self.new_res)
            if old is None or new is None:
                continue
            if not isinstance(old.value, dict) or not isinstance(new.value, dict):
                continue
            path = f"openapi.components.securitySchemes[{name}]"
            for keys, rule_id in (
                (("type", "in", "name", "scheme"), "openapi.security-scheme.changed"),
                (("flows", "openIdConnectUrl"), "openapi.security-scheme.flows-changed"),
            ):
                before = {k: old.value.get(k) for k in keys if k in old.value}
                after = {k: new.value.get(k) for k in keys if k in new.value}
                if before != after:
                    changed = sorted(
                        k for k in set(before) | set(after) if before.get(k) != after.get(k)
                    )
                    self._add(
                        rule_id,
                        f"{path}.{changed[0]}",
                        MODIFIED,
                        {k: before.get(k) for k in changed},
                        {k: after.get(k) for k in changed},
                        f"security scheme {name} changed {', '.join(changed)}",
                        old.at(changed[0]),
                        new.at(changed[0]),
                    )

    def _servers(self) -> None:
        def urls(root: Node) -> dict[str, int]:
            servers = root.value.get("servers") if isinstance(root.value, dict) else None
            found: dict[str, int] = {}
            if isinstance(servers, list):
                for index, server in enumerate(servers):
                    if isinstance(server, dict) and isinstance(server.get("url"), str):
                        found.setdefault(server["url"], index)
            return found

        old_urls, new_urls = urls(self.old_root), urls(self.new_root)
        if not old_urls and not new_urls:
            return
        for url in sorted(old_urls):
            if url not in new_urls:
                self._add(
                    "openapi.server.removed",
                    f"openapi.servers[{url}]",
                    REMOVED,
                    url,
                    None,
                    f"server {url} removed",
                    self.old_root.at("servers", old_urls[url]),
                    self.new_root.at("servers"),
                )
        for url in sorted(set(new_urls) - set(old_urls)):
            self._add(
                "openapi.server.added",
                f"openapi.servers[{url}]",
                ADDED,
                None,
                url,
                f"server {url} added",
                self.old_root.at("servers"),
                self.new_root.at("servers", new_urls[url]),
            )
