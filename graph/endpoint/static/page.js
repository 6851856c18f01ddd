// Sets up YASGUI on this endpoint: the project prefixes, a tab of loaded documents, one tab per named
// query (parameters bound to an example), and a banner when the server cut an answer at its limit.
(async function () {
  "use strict";
  const endpoint = new URL("sparql", document.baseURI).href;
  document.getElementById("endpoint-url").textContent = endpoint;
  // the language of the labels: ?lang=fr in the page's address, chosen with the selector
  const lang = new URLSearchParams(window.location.search).get("lang") || "en";
  let info = { prefixes: {}, queries: [], languages: { en: "English" }, lang: "en" };
  try {
    info = await (await fetch("examples.json?lang=" + encodeURIComponent(lang))).json();
  } catch (err) {
    console.warn("no examples", err);
  }
  const select = document.getElementById("lang");
  for (const [tag, name] of Object.entries(info.languages || { en: "English" })) {
    const option = new Option(name, tag, false, tag === info.lang);
    select.add(option);
  }
  select.addEventListener("change", () => {
    const url = new URL(window.location.href);
    url.searchParams.set("lang", select.value);
    window.location.assign(url.href);
  });
  if (info.note) document.getElementById("un-note").textContent = info.note;
  const prologue = Object.entries(info.prefixes)
    .map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>`)
    .join("\n");
  // Loaded documents, newest first. Each document's properties are read from its own graph: the
  // graphs that cite it repeat its stub triples, and joining those copies is what makes a query slow.
  const start = `# The documents loaded in full (not the stubs only cited), newest first.
${prologue}

SELECT ?doc ?symbol ?date (COALESCE(SAMPLE(?asked), SAMPLE(?english)) AS ?title) WHERE {
  GRAPH ?g {
    ?doc a tip:Document ;
         tip:stub false ;
         dcterms:identifier ?symbol .
    OPTIONAL { ?doc eli:date_document ?date }
    OPTIONAL { ?doc dcterms:title ?english FILTER(LANG(?english) = "") }
    OPTIONAL { ?doc dcterms:title ?asked FILTER(LANGMATCHES(LANG(?asked), "${info.lang || "en"}")) }
  }
}
GROUP BY ?doc ?symbol ?date
ORDER BY DESC(?date) ?symbol
LIMIT 100
`;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: { autocompleters: ["prefixes", "variables"] },
  });
  const tab = (name, query, active) =>
    yasgui.addTab(active, { name: name, yasqe: { value: query }, requestConfig: { endpoint: endpoint } });
  tab("Documents", start, true);
  for (const q of info.queries) {
    tab(q.name, q.query, false);
  }

  // A cut answer carries the mark of docs/endpoint.md ("Cut answers") in its body, in every format.
  const banner = document.getElementById("cut-banner");
  const cutLimit = (text) => {
    const m = /endpoint#truncated\?max-(rows|triples)=(\d+)|#tipkg:truncated max-rows=(\d+)|endpoint#truncatedAt>\s+"?(\d+)/.exec(text || "");
    if (!m) return null;
    return m[2] ? { n: m[2], unit: m[1] } : { n: m[3] || m[4], unit: m[3] ? "rows" : "triples" };
  };
  // Yasgui announces the response before its result view has read it: look once that is done.
  yasgui.on("queryResponse", (_, t) => setTimeout(() => showCut(t), 0));
  const showCut = (t) => {
    const results = t.getYasr() && t.getYasr().results;
    const cut = results ? cutLimit(results.getOriginalResponseAsString()) : null;
    if (cut) {
      banner.textContent = `Not the whole answer: the server cut it at its limit of ${Number(cut.n).toLocaleString("en")} ${cut.unit}. ` +
        "Narrow the query, or page through it with ORDER BY … LIMIT … OFFSET ….";
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  };
  yasgui.on("tabChange", () => { banner.hidden = true; });
  window.tipkgYasgui = yasgui;
})();
