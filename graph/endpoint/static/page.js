// Sets up YASGUI on this endpoint, with the project prefixes and one tab per named query.
(async function () {
  "use strict";
  const endpoint = new URL("sparql", document.baseURI).href;
  document.getElementById("endpoint-url").textContent = endpoint;
  let info = { prefixes: {}, queries: [] };
  try {
    info = await (await fetch("examples.json")).json();
  } catch (err) {
    console.warn("no examples", err);
  }
  const prologue = Object.entries(info.prefixes)
    .map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>`)
    .join("\n");
  const start = `${prologue}

SELECT ?doc ?symbol ?date ?title WHERE {
  ?doc a tip:Document ;
       dcterms:identifier ?symbol .
  OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { ?doc dcterms:title ?title }
}
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
