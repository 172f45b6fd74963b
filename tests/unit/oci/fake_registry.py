"""An in-memory OCI distribution API behind ``httpx.MockTransport`` (no sockets).

Implements what the client uses: manifest HEAD/GET/PUT, blob HEAD/GET, monolithic upload
(POST → Location with ``_state`` → PUT ?digest=), tags with ``Link`` pagination, and three
auth modes (none, basic, bearer with a token endpoint granting per-scope tokens). ``faults``
lets a test make the next N matching requests fail.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

USER, PASSWORD = "alice", "wonderland"


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class Fault:
    method: str
    path: str
    """regex searched in the path"""
    times: int
    action: Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeRegistry:
    host: str = "registry.test"
    auth: str = "none"  # none | basic | bearer
    page_size: int = 0
    https_works: bool = True
    blobs: dict[str, bytes] = field(default_factory=dict)
    manifests: dict[tuple[str, str], tuple[bytes, str]] = field(default_factory=dict)
    tags: dict[str, list[str]] = field(default_factory=dict)
    uploads: dict[str, str] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)
    token_requests: list[httpx.Request] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    send_digest_header: bool = True
    anonymous_pull: bool = True

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def fail(
        self,
        method: str,
        path: str,
        times: int,
        status: int = 503,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.faults.append(
            Fault(
                method, path, times, lambda request: httpx.Response(status, headers=headers or {})
            )
        )

    def reset(self, method: str, path: str, times: int) -> None:
        def action(request: httpx.Request) -> httpx.Response:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )

        self.faults.append(Fault(method, path, times, action))

    # ----------------------------------------------------------------- auth

    def _granted(self, request: httpx.Request) -> set[str] | None:
        header = request.headers.get("authorization", "")
        if self.auth == "none":
            return {"pull", "push"}
        if self.auth == "basic":
            expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            return {"pull", "push"} if header == expected else None
        if header.startswith("Bearer "):
            token = header[7:]
            if token == "static-registry-token":
                return {"pull", "push"}
            match = re.fullmatch(r"tok:([a-z,]*):.*", token)
            if match:
                return set(filter(None, match.group(1).split(",")))
        return None

    def _challenge(
        self, repository: str, actions: str, insufficient: bool = False
    ) -> httpx.Response:
        if self.auth == "basic":
            return httpx.Response(
                401,
                headers={"WWW-Authenticate": 'Basic realm="fake"'},
                json=_errors("UNAUTHORIZED", "authentication required"),
            )
        value = f'Bearer realm="https://auth.test/token",service="fake",scope="repository:{repository}:{actions}"'
        if insufficient:
            value += ',error="insufficient_scope"'
        return httpx.Response(
            401,
            headers={"WWW-Authenticate": value},
            json=_errors("UNAUTHORIZED", "authentication required"),
        )

    def _token(self, request: httpx.Request) -> httpx.Response:
        self.token_requests.append(request)
        header = request.headers.get("authorization", "")
        authenticated = (
            header == "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        )
        if request.method == "POST":
            form = dict(x.split("=", 1) for x in request.content.decode().split("&"))
            authenticated = form.get("refresh_token") == "refresh-me"
            scopes = [form.get("scope", "").replace("%3A", ":").replace("%2C", ",")]
        else:
            scopes = request.url.params.get_list("scope")
        if header and not authenticated:
            return httpx.Response(401, json={"details": "bad credentials"})
        actions: set[str] = set()
        for scope in scopes:
            wanted = scope.rsplit(":", 1)[-1].split(",")
            actions |= {
                a for a in wanted if a and (authenticated or (a == "pull" and self.anonymous_pull))
            }
        token = f"tok:{','.join(sorted(actions))}:{uuid.uuid4().hex[:6]}"
        key = "access_token" if request.method == "POST" else "token"
        return httpx.Response(200, json={key: token, "expires_in": 300})

    # ----------------------------------------------------------------- API

    def handle(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.host == "auth.test":
            return self._token(request)
        if url.scheme == "https" and not self.https_works:
            raise httpx.ConnectError(
                "[SSL: WRONG_VERSION_NUMBER] wrong version number", request=request
            )
        path = url.path
        self.log.append((request.method, str(url)))
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and re.search(fault.path, path):
                fault.times -= 1
                return fault.action(request)
        if path == "/v2/":
            return httpx.Response(200)
        match = re.fullmatch(r"/v2/(?P<repo>.+?)/(?P<kind>manifests|blobs|tags)/(?P<rest>.*)", path)
        if not match:
            return httpx.Response(404)
        repo, kind, rest = match.group("repo"), match.group("kind"), match.group("rest")
        push = request.method in ("POST", "PUT", "PATCH", "DELETE")
        needed = {"pull", "push"} if push else {"pull"}
        granted = self._granted(request)
        if granted is None:
            return self._challenge(repo, ",".join(sorted(needed)))
        if not needed <= granted:
            return self._challenge(repo, ",".join(sorted(needed)), insufficient=True)
        if kind == "tags":
            return self._tags(request, repo)
        if kind == "manifests":
            return self._manifest(request, repo, rest)
        return self._blob(request, repo, rest)

    def _tags(self, request: httpx.Request, repo: str) -> httpx.Response:
        if repo not in self.tags:
            return httpx.Response(
                404, json=_errors("NAME_UNKNOWN", "repository name not known to registry")
            )
        tags = self.tags[repo]
        if not self.page_size:
            return httpx.Response(200, json={"name": repo, "tags": tags})
        last = request.url.params.get("last")
        start = tags.index(last) + 1 if last else 0
        page = tags[start : start + self.page_size]
        headers = {}
        if start + self.page_size < len(tags):
            headers["Link"] = (
                f'</v2/{repo}/tags/list?n={self.page_size}&last={page[-1]}>; rel="next"'
            )
        return httpx.Response(200, json={"name": repo, "tags": page}, headers=headers)

    def _manifest(self, request: httpx.Request, repo: str, reference: str) -> httpx.Response:
        if request.method == "PUT":
            content = request.read()
            digest = digest_of(content)
            media_type = request.headers.get("content-type", "")
            self.manifests[(repo, digest)] = (content, media_type)
            if not reference.startswith("sha256:"):
                self.manifests[(repo, reference)] = (content, media_type)
                tags = self.tags.setdefault(repo, [])
                if reference not in tags:
                    tags.append(reference)
            return httpx.Response(201, headers={"Docker-Content-Digest": digest})
        found = self.manifests.get((repo, reference))
        if found is None:
            return httpx.Response(404, json=_errors("MANIFEST_UNKNOWN", "manifest unknown"))
        content, media_type = found
        headers = {"Content-Type": media_type, "Content-Length": str(len(content))}
        if self.send_digest_header:
            headers["Docker-Content-Digest"] = digest_of(content)
        if request.method == "HEAD":
            return httpx.Response(200, headers=headers)
        return httpx.Response(200, headers=headers, content=content)

    def _blob(self, request: httpx.Request, repo: str, rest: str) -> httpx.Response:
        if rest == "uploads/" and request.method == "POST":
            session = uuid.uuid4().hex
            self.uploads[session] = repo
            return httpx.Response(
                202, headers={"Location": f"/v2/{repo}/blobs/uploads/{session}?_state=abc{session}"}
            )
        if rest.startswith("uploads/") and request.method == "PUT":
            session = rest[len("uploads/") :]
            if (
                self.uploads.pop(session, None) != repo
                or request.url.params.get("_state") != f"abc{session}"
            ):
                return httpx.Response(
                    404, json=_errors("BLOB_UPLOAD_UNKNOWN", "blob upload unknown")
                )
            content = request.read()
            digest = request.url.params.get("digest", "")
            if digest_of(content) != digest:
                return httpx.Response(
                    400, json=_errors("DIGEST_INVALID", "provided digest did not match")
                )
            self.blobs[digest] = content
            return httpx.Response(201, headers={"Docker-Content-Digest": digest})
        blob = self.blobs.get(rest)
        if blob is None:
            return httpx.Response(404, json=_errors("BLOB_UNKNOWN", "blob unknown to registry"))
        if request.method == "HEAD":
            return httpx.Response(200, headers={"Content-Length": str(len(blob))})
        return httpx.Response(200, content=blob)


def _errors(code: str, message: str) -> dict[str, object]:
    return {"errors": [{"code": code, "message": message}]}


def put_artifact(
    registry: FakeRegistry,
    repo: str,
    tag: str,
    layer: bytes,
    *,
    layers: int = 1,
    media_type: str = "application/vnd.oci.image.manifest.v1+json",
) -> str:
    """Store an image made by someone else (no Pacto code involved)."""
    config = b'{"architecture":"","os":""}'
    registry.blobs[digest_of(config)] = config
    registry.blobs[digest_of(layer)] = layer
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": media_type,
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "size": len(config),
                "digest": digest_of(config),
            },
            "layers": [
                {
                    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "size": len(layer),
                    "digest": digest_of(layer),
                }
            ]
            * layers,
        }
    ).encode()
    registry.manifests[(repo, tag)] = (manifest, media_type)
    registry.manifests[(repo, digest_of(manifest))] = (manifest, media_type)
    registry.tags.setdefault(repo, []).append(tag)
    return digest_of(manifest)
