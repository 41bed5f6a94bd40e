"""The demo municipality's surviving registry (diarium), written by hand: cases of five boards
over four years, with look-alikes (the yearly report, two citizen proposals for one street) so
that some copies are certain and others are not, and the CSV exports a registry would give."""

from __future__ import annotations

import csv
import io

CASE_HEADER = ("case_number", "title", "board", "opened", "status", "handler")
DOC_HEADER = ("case_number", "doc_number", "date", "direction", "counterpart", "description")

# case number, title, board, opened, status, handler
CASES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("KS 2021/0456", "Detaljplan för Hamnen, Tegelviken 3:14", "Kommunstyrelsen", "2021-03-01",
     "pågående", "Karin Lund"),
    ("KS 2020/0050", "Årsredovisning 2019", "Kommunstyrelsen", "2020-01-20", "avslutat",
     "Per Ek"),
    ("KS 2021/0061", "Årsredovisning 2020", "Kommunstyrelsen", "2021-01-18", "avslutat",
     "Per Ek"),
    ("KS 2021/0102", "Medborgarförslag om cykelväg längs Storgatan", "Kommunstyrelsen",
     "2021-02-08", "pågående", "Lena Holm"),
    ("KS 2022/0033", "Medborgarförslag om belysning längs Storgatan", "Kommunstyrelsen",
     "2022-01-24", "pågående", "Lena Holm"),
    ("KS 2020/0210", "Upphandling av städtjänster", "Kommunstyrelsen", "2020-05-04",
     "avslutat", "Johan Berg"),
    ("BN 2020/0123", "Bygglov för tillbyggnad av enbostadshus, Tegelviken 3:14",
     "Byggnadsnämnden", "2020-02-17", "avslutat", "Eva Sten"),
    ("BN 2021/0077", "Strandskyddsdispens för brygga, Sjövik 1:4", "Byggnadsnämnden",
     "2021-04-12", "pågående", "Eva Sten"),
    ("BN 2022/0015", "Bygglov för nybyggnad av förskola, Kvarnbacken 2:7", "Byggnadsnämnden",
     "2022-01-10", "pågående", "Ali Rahimi"),
    ("MN 2022/0045", "Klagomål på buller från verkstad, Industrigatan 4", "Miljönämnden",
     "2022-03-02", "pågående", "Sara Nyström"),
    ("MN 2021/0130", "Tillsyn av livsmedelsverksamhet, Hamnkrogen", "Miljönämnden",
     "2021-06-07", "avslutat", "Sara Nyström"),
    ("UN 2019/0789", "Upphandling av skolskjutsar 2020–2023", "Utbildningsnämnden",
     "2019-09-16", "avslutat", "Maria Lind"),
    ("UN 2021/0201", "Skolutvecklingsplan 2021–2024", "Utbildningsnämnden", "2021-08-23",
     "pågående", "Maria Lind"),
    ("SN 2019/0311", "Ansökan om serveringstillstånd, Hamnkrogen AB", "Socialnämnden",
     "2019-12-02", "avslutat", "Olof Strand"),
    ("SN 2021/0142", "Ansökan om bidrag till föreningen Trygga Exempelby", "Socialnämnden",
     "2021-03-15", "avslutat", "Olof Strand"),
    ("KFN 2022/0008", "Bidrag till sommarlovsaktiviteter 2022", "Kultur- och fritidsnämnden",
     "2022-02-01", "pågående", "Nils Åberg"),
)

# case number, record number, date, direction, counterpart, description
DOCUMENTS: tuple[tuple[str, int, str, str, str, str], ...] = (
    ("KS 2021/0456", 1, "2021-03-01", "internal", "", "Planuppdrag"),
    ("KS 2021/0456", 2, "2021-04-05", "outgoing", "Länsstyrelsen i Exempellän",
     "Samrådshandling detaljplan"),
    ("KS 2021/0456", 3, "2021-05-10", "incoming", "Länsstyrelsen i Exempellän",
     "Yttrande över samrådshandling"),
    ("KS 2021/0456", 4, "2021-05-14", "incoming", "Hamnföreningen",
     "Synpunkter på detaljplan"),
    ("KS 2020/0050", 1, "2020-03-02", "internal", "", "Årsredovisning 2019"),
    ("KS 2020/0050", 2, "2020-03-16", "internal", "", "Protokollsutdrag KS § 45"),
    ("KS 2021/0061", 1, "2021-03-01", "internal", "", "Årsredovisning 2020"),
    ("KS 2021/0061", 2, "2021-03-15", "internal", "", "Protokollsutdrag KS § 38"),
    ("KS 2021/0102", 1, "2021-02-08", "incoming", "Birgitta Svensson", "Medborgarförslag"),
    ("KS 2021/0102", 2, "2021-09-20", "internal", "", "Tjänsteskrivelse"),
    ("KS 2022/0033", 1, "2022-01-24", "incoming", "Kent Ohlsson", "Medborgarförslag"),
    ("KS 2020/0210", 1, "2020-05-04", "internal", "", "Förfrågningsunderlag"),
    ("KS 2020/0210", 2, "2020-06-15", "incoming", "Rent & Fint AB", "Anbud"),
    ("KS 2020/0210", 3, "2020-07-01", "outgoing", "Rent & Fint AB", "Tilldelningsbeslut"),
    ("BN 2020/0123", 1, "2020-02-17", "incoming", "Jonas Ek", "Ansökan om bygglov"),
    ("BN 2020/0123", 2, "2020-03-03", "outgoing", "Jonas Ek", "Begäran om komplettering"),
    ("BN 2020/0123", 3, "2020-03-20", "incoming", "Jonas Ek", "Komplettering, ritningar"),
    ("BN 2020/0123", 4, "2020-04-08", "outgoing", "Jonas Ek", "Beslut om bygglov"),
    ("BN 2021/0077", 1, "2021-04-12", "incoming", "Sjöviks samfällighet",
     "Ansökan om strandskyddsdispens"),
    ("BN 2021/0077", 2, "2021-05-03", "outgoing", "Länsstyrelsen i Exempellän",
     "Underrättelse om beslut"),
    ("BN 2022/0015", 1, "2022-01-10", "incoming", "Exempelby Fastigheter AB",
     "Ansökan om bygglov"),
    ("BN 2022/0015", 2, "2022-02-14", "internal", "", "Tjänsteskrivelse"),
    ("MN 2022/0045", 1, "2022-03-02", "incoming", "Lars Pettersson", "Klagomål på buller"),
    ("MN 2022/0045", 2, "2022-03-21", "incoming", "Lars Pettersson",
     "Kompletterande klagomål"),
    ("MN 2022/0045", 3, "2022-04-04", "outgoing", "Verkstads AB Industrigatan",
     "Föreläggande om bullermätning"),
    ("MN 2021/0130", 1, "2021-06-07", "internal", "", "Inspektionsrapport"),
    ("MN 2021/0130", 2, "2021-06-21", "outgoing", "Hamnkrogen AB", "Beslut om avgift"),
    ("UN 2019/0789", 1, "2019-09-16", "internal", "", "Förfrågningsunderlag"),
    ("UN 2019/0789", 2, "2019-11-04", "incoming", "Resbolaget Nord AB", "Anbud"),
    ("UN 2019/0789", 3, "2019-11-05", "incoming", "Taxi Exempelby AB", "Anbud"),
    ("UN 2019/0789", 4, "2019-12-02", "outgoing", "Resbolaget Nord AB", "Tilldelningsbeslut"),
    ("UN 2021/0201", 1, "2021-08-23", "internal", "", "Skolutvecklingsplan, utkast"),
    ("SN 2019/0311", 1, "2019-12-02", "incoming", "Hamnkrogen AB",
     "Ansökan om serveringstillstånd"),
    ("SN 2019/0311", 2, "2019-12-10", "outgoing", "Polismyndigheten", "Remiss"),
    ("SN 2019/0311", 3, "2019-12-20", "incoming", "Polismyndigheten", "Remissvar"),
    ("SN 2019/0311", 4, "2020-01-02", "incoming", "Hamnkrogen AB", "Kompletterande uppgifter"),
    ("SN 2019/0311", 5, "2020-01-06", "incoming", "Hamnkrogen AB",
     "Komplettering, menyer och ritning"),
    ("SN 2019/0311", 6, "2020-01-27", "outgoing", "Hamnkrogen AB",
     "Beslut om serveringstillstånd"),
    ("SN 2021/0142", 1, "2021-03-15", "incoming", "Föreningen Trygga Exempelby",
     "Ansökan om bidrag"),
    ("SN 2021/0142", 2, "2021-04-19", "outgoing", "Föreningen Trygga Exempelby",
     "Beslut om bidrag"),
    ("KFN 2022/0008", 1, "2022-02-01", "internal", "", "Tjänsteskrivelse"),
    ("KFN 2022/0008", 2, "2022-03-07", "incoming", "Exempelby IF", "Ansökan om bidrag"),
)

def _csv(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def cases_csv() -> bytes:
    return _csv(CASE_HEADER, list(CASES))


def documents_csv() -> bytes:
    return _csv(DOC_HEADER, list(DOCUMENTS))
