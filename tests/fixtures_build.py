"""Builders of test fixtures (PDF, DOCX, Akoma Ntoso) written at test time into tmp_path.

TEST DATA ONLY. Every text here is written for the tests: the symbol A/RES/99/1, its dates, meeting
and job numbers are fictional (a 99th session has not happened), so no fixture can be mistaken for a
real United Nations resolution. The phrasing follows UN drafting patterns (preambular participles,
numbered operative verbs, footnotes) so the loaders see realistic structure.
"""

from __future__ import annotations

from pathlib import Path

# A line is a list of (text, superscript?) runs.
Run = tuple[str, bool]
Line = list[Run]


def _plain(text: str) -> Line:
    return [(text, False)]


FICTIONAL_SYMBOL = "A/RES/99/1"

PDF_PAGE_1: list[Line] = [
    _plain("Ninety-ninth session"),
    _plain("Agenda item 999"),
    _plain("Fictional test data: not a United Nations document"),
    [],
    _plain("Resolution adopted by the General Assembly on 31 December 2099"),
    _plain("[on the report of the Third Committee (A/99/999)]"),
    [],
    _plain("99/1. Test resolution on coordination against trafficking in persons"),
    [],
    _plain("The General Assembly,"),
    [],
    [
        ("Recalling the United Nations Convention against Transnational Organized Crime,", False),
        ("1", True),
        (" and the", False),
    ],
    [
        ("Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women", False),
    ],
    [("and Children, supplementing that Convention,", False), ("2", True)],
    [],
    _plain("Recalling also its resolution 98/999 of 30 December 2098 on the traf-"),
    _plain("ficking of persons, in which it stressed the need for follow-"),
    _plain("up action and a well-coordinated approach to trafficking,"),
    [],
    _plain("1. Urges Member States to take coordinated measures against trafficking in"),
    _plain("persons and to protect the well-being of victims;"),
    [],
    _plain("2. Requests the Secretary-General to report on the implementation of the"),
    _plain("present resolution:"),
    _plain("(a) on the measures taken by Member States;"),
    _plain("(b) on the coordination within the United Nations system;"),
]
PDF_FOOTNOTES_1: list[Line] = [
    [("1", True), (" United Nations, Treaty Series, vol. 2225, No. 39574.", False)],
    [("2", True), (" Ibid., vol. 2237, No. 39574.", False)],
]
PDF_PAGE_2: list[Line] = [
    _plain("3. Decides to remain seized of the matter."),
    [],
    _plain("999th plenary meeting"),
    _plain("31 December 2099"),
]
JOB_NUMBER = "99-99999 (E) 010100"
BARCODE = "*9999999*"


def build_un_pdf(path: Path) -> Path:
    """A two-page UN-style resolution: header block, preamble, operative part, footnotes, job number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Fictional test resolution A/RES/99/1")

    def draw_lines(lines: list[Line], y: float, size: float = 10.5, leading: float = 13.0) -> float:
        for line in lines:
            x = 72.0
            for text, sup in line:
                if sup:
                    c.setFont("Times-Roman", size * 0.6)
                    c.drawString(x, y + size * 0.35, text)
                    x += c.stringWidth(text, "Times-Roman", size * 0.6)
                else:
                    c.setFont("Times-Roman", size)
                    c.drawString(x, y, text)
                    x += c.stringWidth(text, "Times-Roman", size)
            y -= leading
        return y

    # Page 1 masthead, as UN resolutions print it.
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, height - 60, "United Nations")
    c.drawRightString(width - 72, height - 60, FICTIONAL_SYMBOL)
    c.setFont("Helvetica-Bold", 13)
    c.drawString(72, height - 84, "General Assembly")
    c.setFont("Times-Roman", 10)
    c.drawString(400, height - 84, "Distr.: General")
    c.drawString(400, height - 98, "15 January 2100")
    draw_lines(PDF_PAGE_1, height - 140)
    c.setFont("Times-Roman", 10)
    c.drawString(72, 150, "_" * 18)  # UN PDFs set the footnote rule as text
    draw_lines(PDF_FOOTNOTES_1, 136, size=9, leading=11)
    c.setFont("Times-Roman", 8)
    c.drawString(72, 70, JOB_NUMBER)
    c.setFont("Courier", 10)
    c.drawString(72, 56, BARCODE)
    c.showPage()

    # Page 2: running header, then the rest.
    c.setFont("Helvetica-Bold", 9)
    c.drawString(72, height - 50, FICTIONAL_SYMBOL)
    c.drawRightString(
        width - 72, height - 50, "Test resolution on coordination against trafficking in persons"
    )
    draw_lines(PDF_PAGE_2, height - 100)
    c.setFont("Times-Roman", 8)
    c.drawString(72, 56, "2/2")
    c.showPage()
    c.save()
    return path


def build_image_pdf(path: Path) -> Path:
    """A "scanned" PDF: a page with only graphics, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillGray(0.2)
    c.rect(72, 400, 300, 200, fill=1)
    c.showPage()
    c.rect(100, 100, 50, 50, fill=0)
    c.showPage()
    c.save()
    return path


def build_encrypted_pdf(path: Path, password: str = "test-secret") -> Path:
    """A PDF that needs a user password."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    enc = pdfencrypt.StandardEncryption(password, canPrint=0)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(72, 720, "Fictional test data behind a password.")
    c.showPage()
    c.save()
    return path


def build_empty_password_pdf(path: Path) -> Path:
    """A PDF encrypted with an empty user password (opens without asking, like many published PDFs)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    enc = pdfencrypt.StandardEncryption("", ownerPassword="owner-secret", canModify=0)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(72, 720, "The General Assembly,")
    c.drawString(72, 700, "1. Decides to test empty-password encryption.")
    c.showPage()
    c.save()
    return path


# --- DOCX ------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
    "</w:p></w:footnote>"
    "{notes}</w:footnotes>"
)


def _footnote_xml(fid: int, text: str) -> str:
    return (
        f'<w:footnote w:id="{fid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
    )


def _add_numbering(document: object) -> str:
    """A two-level list definition as UN documents use it: "1." then "(a)". Returns its numId."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:suff w:val="tab"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
        '<w:lvlText w:val="(%3)"/></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90"


def _set_num(paragraph: object, num_id: str, ilvl: int) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _add_footnote_ref(paragraph: object, fid: int) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(  # type: ignore[attr-defined]
        parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>'
        )
    )


DOCX_FOOTNOTES = {
    1: "United Nations, Treaty Series, vol. 2225, No. 39574.",
    2: "Ibid., vol. 2237, No. 39574.",
}


def build_un_docx(path: Path, *, footnotes: bool = True) -> Path:
    """A UN-style resolution in Word: header table, preamble with footnotes, auto-numbered operative part."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    d.core_properties.title = "Fictional test resolution A/RES/99/1 (test data)"
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "United Nations"
    table.cell(0, 1).text = FICTIONAL_SYMBOL
    d.add_paragraph("General Assembly")
    d.add_paragraph("Distr.: General")
    d.add_paragraph("Ninety-ninth session")
    d.add_paragraph("Fictional test data: not a United Nations document")
    d.add_paragraph("Resolution adopted by the General Assembly on 31 December 2099")
    d.add_paragraph("99/1. Test resolution on coordination against trafficking in persons")
    d.add_paragraph("")  # empty paragraphs are dropped
    d.add_paragraph("The General Assembly,")
    p = d.add_paragraph()
    p.add_run("Recalling").italic = True
    p.add_run(" the United Nations Convention against Transnational Organized Crime")
    if footnotes:
        _add_footnote_ref(p, 1)
    p.add_run(" and the Protocol supplementing that Convention,")
    if footnotes:
        _add_footnote_ref(p, 2)
    p = d.add_paragraph()
    p.add_run("Recalling also").italic = True
    p.add_run(" its resolution 98/999 of 30 December 2098,")
    num = _add_numbering(d)
    items = [
        (0, "Urges Member States to take coordinated measures against trafficking in persons;"),
        (0, "Requests the Secretary-General to report on:"),
        (1, "The measures taken by Member States;"),
        (1, "The coordination within the United Nations system;"),
        (0, "Decides to remain seized of the matter."),
    ]
    for ilvl, text in items:
        para = d.add_paragraph()
        verb, _, rest = text.partition(" ")
        para.add_run(verb).italic = ilvl == 0
        para.add_run(" " + rest)
        _set_num(para, num, ilvl)
    d.add_paragraph("999th plenary meeting")
    d.add_paragraph("31 December 2099")
    if footnotes:
        notes = "".join(_footnote_xml(fid, text) for fid, text in DOCX_FOOTNOTES.items())
        part = Part(
            PackURI("/word/footnotes.xml"),
            CT.WML_FOOTNOTES,
            FOOTNOTES_XML.format(notes=notes).encode("utf-8"),
            d.part.package,
        )
        d.part.relate_to(part, RT.FOOTNOTES)
    d.save(str(path))
    return path


# --- Akoma Ntoso ---------------------------------------------------------------------------------

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

AKN_RESOLUTION = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- TEST DATA: a fictional resolution (A/RES/99/1 does not exist), marked up as AKN4UN does. -->
<akomaNtoso xmlns="{AKN_NS}">
  <statement name="resolution">
    <meta>
      <identification source="#tipkg-tests">
        <FRBRWork>
          <FRBRthis value="/akn/un/statement/resolution/ga/2099-12-31/99-1/!main"/>
          <FRBRuri value="/akn/un/statement/resolution/ga/2099-12-31/99-1"/>
          <FRBRalias name="UN symbol" value="A/RES/99/1"/>
          <FRBRdate date="2099-12-31" name="adoption"/>
          <FRBRauthor href="#generalAssembly"/>
          <FRBRcountry value="un"/>
          <FRBRnumber value="99/1"/>
        </FRBRWork>
      </identification>
      <references source="#tipkg-tests">
        <TLCOrganization eId="generalAssembly" href="/ontology/organization/un/generalAssembly"
            showAs="General Assembly"/>
      </references>
    </meta>
    <preface>
      <p class="organization">United Nations</p>
      <p class="symbol"><docNumber>A/RES/99/1</docNumber></p>
      <p class="body"><docAuthority>General Assembly</docAuthority></p>
      <p class="distribution">Distr.: General</p>
      <p><session>Ninety-ninth session</session></p>
      <p>Fictional test data: not a United Nations document</p>
      <p>Resolution adopted by the General Assembly on
        <docDate date="2099-12-31">31 December 2099</docDate></p>
      <p><docTitle>Test resolution on coordination against trafficking in persons</docTitle></p>
    </preface>
    <preamble>
      <formula name="enactingFormula"><p>The General Assembly,</p></formula>
      <container name="preambularParagraph" eId="preamble__para_1">
        <p><i>Recalling</i> the United Nations Convention against Transnational Organized
          Crime<authorialNote marker="1" placement="bottom" eId="preamble__para_1__authorialNote_1"><p>United
          Nations, Treaty Series, vol. 2225, No. 39574.</p></authorialNote> and the Protocol supplementing
          that Convention,<authorialNote marker="2" placement="bottom"><p>Ibid., vol. 2237,
          No. 39574.</p></authorialNote></p>
      </container>
      <container name="preambularParagraph" eId="preamble__para_2">
        <p><i>Recalling also</i> its resolution 98/999 of 30 December 2098,</p>
      </container>
    </preamble>
    <mainBody>
      <paragraph eId="para_1">
        <num>1.</num>
        <content><p><i>Urges</i> Member States to take coordinated measures against trafficking
          in persons;</p></content>
      </paragraph>
      <paragraph eId="para_2">
        <num>2.</num>
        <list eId="para_2__list_1">
          <intro><p><i>Requests</i> the Secretary-General to report on:</p></intro>
          <point eId="para_2__list_1__point_a">
            <num>(a)</num>
            <content><p>The measures taken by Member States;</p></content>
          </point>
          <point eId="para_2__list_1__point_b">
            <num>(b)</num>
            <content><p>The coordination within the United Nations system;</p></content>
          </point>
        </list>
      </paragraph>
      <paragraph eId="para_3">
        <num>3.</num>
        <content><p><i>Decides</i> to remain seized of the matter.</p></content>
      </paragraph>
    </mainBody>
    <conclusions>
      <p>999th plenary meeting<br/><date date="2099-12-31">31 December 2099</date></p>
    </conclusions>
  </statement>
</akomaNtoso>
"""

XXE_SECRET = "tipkg-xxe-canary-7f3a"


def akn_xxe(secret_file: Path) -> str:
    """AKN with an external entity pointing at a local file (which must never be read)."""
    return f"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM "file://{secret_file}">]>
<akomaNtoso xmlns="{AKN_NS}"><statement name="resolution"><meta/>
<preamble><p>The General Assembly, recalling &x; its resolution 98/999,</p></preamble>
<mainBody><paragraph><num>1.</num><content><p>Decides &x; to test entities.</p></content></paragraph>
</mainBody></statement></akomaNtoso>
"""


def akn_billion_laughs() -> str:
    """The classic exponential internal-entity expansion."""
    ents = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        ents.append(f'<!ENTITY lol{i} "{("&" + prev + ";") * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [' + "".join(ents) + "]>\n"
        f'<akomaNtoso xmlns="{AKN_NS}"><statement name="resolution"><mainBody>'
        "<paragraph><num>1.</num><content><p>&lol9;</p></content></paragraph>"
        "</mainBody></statement></akomaNtoso>\n"
    )
