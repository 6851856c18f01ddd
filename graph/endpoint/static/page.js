// Sets up YASGUI on this endpoint, with the project prefixes and one tab per named query.
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
  const start = `${prologue}

SELECT ?doc ?symbol ?date (COALESCE(SAMPLE(?asked), SAMPLE(?english)) AS ?title) WHERE {
  ?doc a tip:Document ;
       dcterms:identifier ?symbol .
  OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { ?doc dcterms:title ?english FILTER(LANG(?english) = "") }
  OPTIONAL { ?doc dcterms:title ?asked FILTER(LANGMATCHES(LANG(?asked), "${info.lang || "en"}")) }
}
GROUP BY ?doc ?symbol ?date
ORDER BY ?date ?symbol
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
    tab(q.name, `# ${q.purpose}\n${q.query}`, false);
  }
  window.tipkgYasgui = yasgui;
})();
