"""A local Exchange Web Services endpoint answering GetFolder, FindFolder, CreateFolder,
FindItem, GetItem and MoveItem as Microsoft's EWS reference documents them (SOAP 1.1,
messages/types namespaces, ResponseClass/ResponseCode), behind HTTP Basic authentication."""

from __future__ import annotations

import base64
import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
M = "http://schemas.microsoft.com/exchange/services/2006/messages"
T = "http://schemas.microsoft.com/exchange/services/2006/types"
PAGE_MAX = 20
USER, PASSWORD, MAILBOX = "KOMMUN\\svc-diariebot", "hemligt", "diariet@exempelby.se"


@dataclass
class Item:
    id: str
    changekey: str
    folder: str
    mime: bytes
    received: str


@dataclass
class Exchange:
    folders: dict[str, dict[str, str]] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    operations: list[str] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        for distinguished, name, parent in (("root", "Root", ""), ("msgfolderroot", "Top", "root"),
                                            ("inbox", "Inkorgen", "msgfolderroot")):
            self.folders[f"AQMk{distinguished}"] = {"id": f"AQMk{distinguished}", "name": name,
                                                    "parent": f"AQMk{parent}" if parent else "",
                                                    "distinguished": distinguished}

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}AAA="

    def add(self, mime: bytes, folder: str = "AQMkinbox") -> str:
        number = len(self.items)
        item = Item(self.new_id("AAMkItem"), "CQAAABYAAAA", folder, mime,
                    f"2024-05-{number // 24 + 1:02d}T{number % 24:02d}:00:00Z")
        self.items[item.id] = item
        return item.id

    def in_folder(self, folder: str) -> list[Item]:
        return sorted((i for i in self.items.values() if i.folder == folder),
                      key=lambda i: i.received)

    def folder_by_name(self, name: str) -> dict[str, str] | None:
        return next((f for f in self.folders.values() if f["name"] == name), None)


def _envelope(body: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{SOAP}">'
            '<s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" '
            'MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" '
            f'xmlns:h="{T}"/></s:Header><s:Body>{body}</s:Body></s:Envelope>')


def _response(operation: str, messages: list[str]) -> web.Response:
    body = (f'<m:{operation}Response xmlns:m="{M}" xmlns:t="{T}"><m:ResponseMessages>'
            + "".join(messages) + f"</m:ResponseMessages></m:{operation}Response>")
    return web.Response(text=_envelope(body), content_type="text/xml", charset="utf-8")


def _ok(operation: str, inner: str) -> str:
    return (f'<m:{operation}ResponseMessage ResponseClass="Success">'
            f"<m:ResponseCode>NoError</m:ResponseCode>{inner}</m:{operation}ResponseMessage>")


def _fail(operation: str, code: str, text: str) -> str:
    return (f'<m:{operation}ResponseMessage ResponseClass="Error"><m:MessageText>{text}'
            f"</m:MessageText><m:ResponseCode>{code}</m:ResponseCode>"
            f"<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:{operation}ResponseMessage>")


def _folder_xml(ex: Exchange, folder: dict[str, str]) -> str:
    children = sum(1 for f in ex.folders.values() if f["parent"] == folder["id"])
    count = len(ex.in_folder(folder["id"]))
    return (f'<t:Folder><t:FolderId Id="{folder["id"]}" ChangeKey="AQAAABYAAAA"/>'
            f'<t:ParentFolderId Id="{folder["parent"] or folder["id"]}" ChangeKey="AQAAAA=="/>'
            f"<t:FolderClass>IPF.Note</t:FolderClass>"
            f"<t:DisplayName>{escape(folder['name'])}</t:DisplayName>"
            f"<t:TotalCount>{count}</t:TotalCount><t:ChildFolderCount>{children}"
            "</t:ChildFolderCount><t:UnreadCount>0</t:UnreadCount></t:Folder>")


def _folder_ref(ex: Exchange, element: ET.Element) -> dict[str, str] | None:
    """A t:FolderId or t:DistinguishedFolderId element -> our folder."""
    ident = element.get("Id", "")
    if element.tag == f"{{{T}}}DistinguishedFolderId":
        ident = f"AQMk{ident}"
    return ex.folders.get(ident)


def build_app(ex: Exchange) -> web.Application:
    app = web.Application()
    app.router.add_post("/EWS/Exchange.asmx", _handler(ex))
    return app


def _authorised(request: web.Request) -> bool:
    expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    return request.headers.get("Authorization") == f"Basic {expected}"


def _handler(ex: Exchange) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        if not _authorised(request):
            return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="ews"'})
        root = ET.fromstring(await request.read())
        body = root.find(f"{{{SOAP}}}Body")
        operation = body[0] if body is not None and len(body) else None
        if operation is None:
            return web.Response(status=400)
        name = operation.tag.split("}")[1]
        ex.operations.append(name)
        mailbox = root.find(f".//{{{T}}}EmailAddress")
        if mailbox is not None and (mailbox.text or "").lower() != MAILBOX:
            return _response(name, [_fail(name, "ErrorNonExistentMailbox",
                                          "No mailbox with such guid.")])
        return OPERATIONS[name](ex, operation)

    return handler


def _get_folder(ex: Exchange, op: ET.Element) -> web.Response:
    ids = op.find(f"{{{M}}}FolderIds")
    messages = []
    for element in list(ids) if ids is not None else []:
        folder = _folder_ref(ex, element)
        messages.append(_ok("GetFolder", f"<m:Folders>{_folder_xml(ex, folder)}</m:Folders>")
                        if folder else _fail("GetFolder", "ErrorFolderNotFound",
                                             "The specified folder could not be found."))
    return _response("GetFolder", messages)


def _find_folder(ex: Exchange, op: ET.Element) -> web.Response:
    parents = op.find(f"{{{M}}}ParentFolderIds")
    parent = _folder_ref(ex, parents[0]) if parents is not None and len(parents) else None
    wanted = op.find(f".//{{{T}}}Constant")
    found = [f for f in ex.folders.values() if parent and f["parent"] == parent["id"]
             and (wanted is None or f["name"].lower() == (wanted.get("Value") or "").lower())]
    inner = (f'<m:RootFolder TotalItemsInView="{len(found)}" IncludesLastItemInRange="true">'
             f"<t:Folders>{''.join(_folder_xml(ex, f) for f in found)}</t:Folders>"
             "</m:RootFolder>")
    return _response("FindFolder", [_ok("FindFolder", inner)])


def _create_folder(ex: Exchange, op: ET.Element) -> web.Response:
    parent = _folder_ref(ex, op.find(f"{{{M}}}ParentFolderId")[0])  # type: ignore[index]
    name = op.find(f".//{{{T}}}DisplayName")
    if parent is None or name is None:
        return _response("CreateFolder", [_fail("CreateFolder", "ErrorFolderNotFound", "-")])
    folder = {"id": ex.new_id("AQMkFolder"), "name": name.text or "", "parent": parent["id"],
              "distinguished": ""}
    ex.folders[folder["id"]] = folder
    inner = (f'<m:Folders><t:Folder><t:FolderId Id="{folder["id"]}" ChangeKey="AQAAABYAAAA"/>'
             "</t:Folder></m:Folders>")
    return _response("CreateFolder", [_ok("CreateFolder", inner)])


def _find_item(ex: Exchange, op: ET.Element) -> web.Response:
    parents = op.find(f"{{{M}}}ParentFolderIds")
    folder = _folder_ref(ex, parents[0]) if parents is not None and len(parents) else None
    if folder is None:
        return _response("FindItem", [_fail("FindItem", "ErrorFolderNotFound", "-")])
    view = op.find(f"{{{M}}}IndexedPageItemView")
    offset = int(view.get("Offset", "0")) if view is not None else 0
    size = int(view.get("MaxEntriesReturned", "1000")) if view is not None else 1000
    size = min(size, PAGE_MAX)  # a server may return fewer; the client pages on
    items = ex.in_folder(folder["id"])
    page = items[offset: offset + size]
    last = "true" if offset + len(page) >= len(items) else "false"
    entries = "".join(f'<t:Message><t:ItemId Id="{i.id}" ChangeKey="{i.changekey}"/>'
                      "</t:Message>" for i in page)
    inner = (f'<m:RootFolder IndexedPagingOffset="{offset + len(page)}" '
             f'TotalItemsInView="{len(items)}" IncludesLastItemInRange="{last}">'
             f"<t:Items>{entries}</t:Items></m:RootFolder>")
    return _response("FindItem", [_ok("FindItem", inner)])


def _get_item(ex: Exchange, op: ET.Element) -> web.Response:
    messages = []
    fields = {f.get("FieldURI") for f in op.iter(f"{{{T}}}FieldURI")}
    included = (op.findtext(f".//{{{T}}}IncludeMimeContent") or "").lower() == "true"
    wants_mime = "item:MimeContent" in fields or included
    for element in op.iter(f"{{{T}}}ItemId"):
        item = ex.items.get(element.get("Id", ""))
        if item is None:
            messages.append(_fail("GetItem", "ErrorItemNotFound",
                                  "The specified object was not found in the store."))
            continue
        mime = base64.b64encode(item.mime).decode() if wants_mime else ""
        content = f'<t:MimeContent CharacterSet="UTF-8">{mime}</t:MimeContent>' if mime else ""
        messages.append(_ok("GetItem", f"<m:Items><t:Message>{content}"
                            f'<t:ItemId Id="{item.id}" ChangeKey="{item.changekey}"/>'
                            "</t:Message></m:Items>"))
    return _response("GetItem", messages)


def _move_item(ex: Exchange, op: ET.Element) -> web.Response:
    target = _folder_ref(ex, op.find(f"{{{M}}}ToFolderId")[0])  # type: ignore[index]
    messages = []
    for element in op.iter(f"{{{T}}}ItemId"):
        item = ex.items.pop(element.get("Id", ""), None)
        if item is None or target is None:
            messages.append(_fail("MoveItem", "ErrorItemNotFound", "-"))
            continue
        moved = Item(ex.new_id("AAMkItem"), "CQAAABYAAAB", target["id"], item.mime,
                     item.received)
        ex.items[moved.id] = moved  # a moved item has a new id
        messages.append(_ok("MoveItem", f'<m:Items><t:Message><t:ItemId Id="{moved.id}" '
                                        f'ChangeKey="{moved.changekey}"/></t:Message></m:Items>'))
    return _response("MoveItem", messages)


OPERATIONS = {"GetFolder": _get_folder, "FindFolder": _find_folder,
              "CreateFolder": _create_folder, "FindItem": _find_item, "GetItem": _get_item,
              "MoveItem": _move_item}
