"""The cover sheet from the queue: a link beside each missing record of the proposed case, a
PDF for a registered record, not found for anything else; a proposed split is pre-filled."""

from __future__ import annotations

from urllib.parse import quote

import pypdfium2

from tests.web.conftest import Want, queue_item


async def test_missing_records_link_to_their_cover_sheet(registry, registrar):
    item_id = queue_item(registry, "yttrande.pdf", [["Yttrande", "Dnr KS 2021/0456-2"]],
                         [Want("KS 2021/0456", 2, 0.95)])
    page = await (await registrar.get(f"/items/{item_id}")).text()
    for doc in (1, 2, 3):
        assert f'/coversheet?number={quote(f"KS 2021/0456-{doc}")}' in page
    response = await registrar.get("/coversheet", params={"number": "KS 2021/0456-2"})
    assert response.status == 200 and response.content_type == "application/pdf"
    pdf = pypdfium2.PdfDocument(await response.read())
    assert "KS 2021/0456-2" in pdf[0].get_textpage().get_text_bounded()


async def test_an_unknown_record_has_no_cover_sheet(registry, registrar):
    response = await registrar.get("/coversheet", params={"number": "KS 2021/0456-9"})
    assert response.status == 404
    assert "handlingen finns inte i ärendet: KS 2021/0456-9" in await response.text()
    english = await registrar.get("/coversheet", params={"number": "KS 2021/0456-9",
                                                         "lang": "en"})
    assert "no such record in the case: KS 2021/0456-9" in await english.text()


async def test_cover_sheets_need_a_login(registry, anonymous):
    response = await anonymous.get("/coversheet", params={"number": "KS 2021/0456-2"},
                                   allow_redirects=False)
    assert response.status in (302, 303, 401)


async def test_a_proposed_split_is_prefilled_in_the_split_dialog(registry, registrar):
    proposed = {"ranges": "1, 2", "boundaries": [{"page": 2, "score": 5.0,
                                                   "reasons": ["sida 1 av N / page 1 of N"]}]}
    item_id = queue_item(registry, "bunt.pdf", [["Brev ett"], ["Brev två"]],
                         [Want("KS 2021/0456", 2, 0.5)], meta={"proposed_split": proposed})
    page = await (await registrar.get(f"/items/{item_id}")).text()
    assert 'value="1, 2"' in page and "(sida 1 av N)" in page  # one language at a time
