// De pagina voor een toetser. Alles komt uit de eigen GraphQL-API (POST /graphql), met de
// toegang van de vrager; tekst uit het register komt altijd als tekst in de pagina, nooit als HTML.
"use strict";

const ASSEN = [
  { naam: "geldigOp", label: "Geldig op", tijdstip: false,
    data: (g) => [g.geldigVanaf, g.geldigTot] },
  { naam: "juridischWerkendOp", label: "Juridisch werkend op", tijdstip: false,
    data: (g) => [g.juridischWerkendVanaf] },
  { naam: "bekendOp", label: "Bekend op", tijdstip: false, data: (g) => [g.bekendOp] },
  { naam: "ontvangenOp", label: "Ontvangen op", tijdstip: true, data: (g) => [g.ontvangenOp] },
];
const DATUM = /^\d{4}-\d{2}-\d{2}$/;
const TIJDSTIP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const REDENEN = {
  NIEUW_BESLUIT: "nieuw besluit", RECTIFICATIE: "rectificatie",
  TERUGWERKEND_BESLUIT: "terugwerkend besluit", IN_WERKING_GETREDEN: "in werking getreden",
  GELDIG_GEWORDEN: "geldig geworden", GELDIGHEID_GEEINDIGD: "geldigheid geëindigd",
  LATER_BEKEND: "later bekend geworden",
};
const SOORTEN = { TOEGEVOEGD: "erbij", VERWIJDERD: "vervallen", GEWIJZIGD: "gewijzigd" };

const BRON = "titel soort datum kenmerk url citaat bewijskracht datumPrecisie";
const GESCHIEDENIS = `query ToetsGeschiedenis($id: ID!) {
  gebeurtenissen(afspraakId: $id) {
    versie soort aard geldigVanaf geldigTot juridischWerkendVanaf bekendOp ontvangenOp
    toelichting actor rectificeert datumPrecisie datumTekst bronnen { ${BRON} } } }`;
const PEIL = (v) => `$${v}GeldigOp: Date, $${v}JuridischWerkendOp: Date, $${v}BekendOp: Date, ` +
  `$${v}OntvangenOp: DateTime`;
const OP = (v) => `geldigOp: $${v}GeldigOp, juridischWerkendOp: $${v}JuridischWerkendOp, ` +
  `bekendOp: $${v}BekendOp, ontvangenOp: $${v}OntvangenOp`;
const STAND = `query ToetsStand($id: ID!, $van: Peilmoment, $naar: Peilmoment, ${PEIL("a")}, ${PEIL("b")}) {
  a: afspraak(id: $id, ${OP("a")}) { citaat { versies } }
  b: afspraak(id: $id, ${OP("b")}) {
    id titel soort inhoud programma gebieden status versie vertrouwelijk bindend betwist
    partijen { overheid { id naam } naamInBron rol binding ondertekendOp standpunt }
    verplichtingen { id omschrijving partij { naam } uiterlijk { waarde tekst } binding status }
    bedragen { omschrijving bedrag soort periode }
    relaties { soort naar { id titel } }
    citaat { tekst versies geldigOp juridischWerkendOp bekendOp ontvangenOp boomgrootte } }
  verschil(afspraakId: $id, van: $van, naar: $naar) {
    bestaatVan bestaatNaar
    wijzigingen { onderdeel soort veld partij { id naam } verplichting van naar reden
      gebeurtenissen { versie aard bekendOp bronnen { ${BRON} } } } } }`;
const ZOEK = `query ToetsZoeken($zoekterm: String, $after: String) {
  afspraken(filter: { zoekterm: $zoekterm }, first: 50, after: $after) {
    edges { node { id titel soort status programma } }
    pageInfo { hasNextPage endCursor } } }`;

// ---- hulpjes ----------------------------------------------------------------------------------

function el(tag, attributen = {}, ...kinderen) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributen)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "klasse") e.className = v;
    else if (k === "tekst") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const k of kinderen.flat()) {
    if (k === null || k === undefined || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

function leeg(e, ...kinderen) { e.replaceChildren(...kinderen.flat().filter((k) => k)); }

function melding(tekst, fout = false) {
  const m = document.getElementById("melding");
  m.textContent = tekst || "";
  m.className = fout ? "fout" : "";
  m.setAttribute("role", fout ? "alert" : "status");
}

function token() { return sessionStorage.getItem("register-token") || ""; }

function koppen(extra = {}) {
  const k = { ...extra };
  if (token()) k.Authorization = `Bearer ${token()}`;
  return k;
}

class Vraagfout extends Error {
  constructor(melding, code) { super(melding); this.code = code; }
}

async function vraag(query, variables) {
  let r;
  try {
    r = await fetch("/graphql", {
      method: "POST", headers: koppen({ "Content-Type": "application/json", Accept: "application/json" }),
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new Vraagfout("Het register is niet bereikbaar.", "ONBEREIKBAAR");
  }
  let body = null;
  try { body = await r.json(); } catch (e) { /* geen JSON: hieronder */ }
  if (!body) throw new Vraagfout(`Het register antwoordde met status ${r.status}.`, `HTTP_${r.status}`);
  if (body.errors && body.errors.length) {
    const f = body.errors[0];
    throw new Vraagfout(f.message, (f.extensions && f.extensions.code) || `HTTP_${r.status}`);
  }
  return body.data;
}

function waarde(w) {
  // Een waarde uit het verschil als leesbare tekst: een object als 'sleutel: waarde; …'
  // (lege delen weggelaten), een object met één sleutel (zoals {lid: {…}}) uitgepakt.
  if (w === null || w === undefined || w === "") return "—";
  if (typeof w !== "object") return String(w);
  if (Array.isArray(w)) return w.length ? w.map(waarde).join(", ") : "—";
  const delen = Object.entries(w).filter(([, v]) => v !== null && v !== undefined && v !== "" &&
    !(Array.isArray(v) && !v.length));
  if (delen.length === 1 && typeof delen[0][1] === "object") return waarde(delen[0][1]);
  for (const k of ["naam", "titel"]) if (typeof w[k] === "string") return w[k];
  return delen.map(([k, v]) => `${k}: ${waarde(v)}`).join("; ") || "—";
}

function veiligeUrl(url) {
  try {
    const u = new URL(url, location.href);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch (e) { return null; }
}

function vorigeDag(d) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

// ---- peilmomenten -------------------------------------------------------------------------------

const toestand = { id: null, geschiedenis: [], van: {}, naar: {}, volgnummer: 0 };

function lees_adres() {
  const p = new URLSearchParams(location.search);
  const naar = {}, van = {};
  for (const as of ASSEN) {
    if (p.get(as.naam)) naar[as.naam] = p.get(as.naam);
    const a = `van${as.naam[0].toUpperCase()}${as.naam.slice(1)}`;
    if (p.get(a)) van[as.naam] = p.get(a);
  }
  return { naar, van, leeg: [...p.keys()].length === 0 };
}

function schrijf_adres() {
  const p = new URLSearchParams();
  for (const as of ASSEN) {
    if (toestand.naar[as.naam]) p.set(as.naam, toestand.naar[as.naam]);
  }
  for (const as of ASSEN) {
    if (toestand.van[as.naam]) p.set(`van${as.naam[0].toUpperCase()}${as.naam.slice(1)}`, toestand.van[as.naam]);
  }
  const q = p.toString();
  history.replaceState(null, "", q ? `?${q}` : location.pathname);
}

function stops(as) {
  const waarden = new Set();
  for (const g of toestand.geschiedenis) for (const d of as.data(g)) if (d) waarden.add(d);
  const lijst = [...waarden].sort();
  if (!as.tijdstip && lijst.length) lijst.unshift(vorigeDag(lijst[0]));
  lijst.push("");  // vandaag of nu
  return lijst;
}

function bouw_peil(welk) {
  const fs = document.getElementById(`peil-${welk}`);
  fs.querySelectorAll(".as").forEach((e) => e.remove());
  for (const as of ASSEN) {
    const id = `${welk}-${as.naam}`;
    const lijst = stops(as);
    const invoer = el("input", {
      id, type: as.tijdstip ? "text" : "date", name: id, "data-as": as.naam,
      placeholder: as.tijdstip ? "nu (JJJJ-MM-DDTuu:mm:ssZ)" : "vandaag",
      value: toestand[welk][as.naam] || "", "aria-describedby": `${id}-stand`,
    });
    const schuif = el("input", {
      type: "range", min: 0, max: lijst.length - 1, step: 1, id: `${id}-schuif`,
      "aria-label": `${as.label}, moment ${welk === "van" ? "A" : "B"}: langs de data van de gebeurtenissen`,
      "data-as": as.naam,
    });
    const stand = el("span", { id: `${id}-stand`, klasse: "data" });
    const zetSchuif = () => {
      const v = toestand[welk][as.naam] || "";
      let i = lijst.indexOf(v);
      if (i < 0) i = v ? Math.max(0, lijst.filter((s) => s && s <= v).length - 1) : lijst.length - 1;
      schuif.value = String(i);
      schuif.setAttribute("aria-valuetext", v || (as.tijdstip ? "nu" : "vandaag"));
      stand.textContent = v ? "" : (as.tijdstip ? "(nu)" : "(vandaag)");
    };
    const zet = (v, direct) => {
      if (v && !(as.tijdstip ? TIJDSTIP : DATUM).test(v)) {
        melding(`${as.label}: '${v}' is geen ${as.tijdstip ? "tijdstip (JJJJ-MM-DDTuu:mm:ssZ)" : "datum (JJJJ-MM-DD)"}.`, true);
        return;
      }
      if (v) toestand[welk][as.naam] = v; else delete toestand[welk][as.naam];
      zetSchuif();
      plan_laden(direct ? 0 : 250);
    };
    schuif.addEventListener("input", () => {
      const v = lijst[Number(schuif.value)];
      invoer.value = v;
      zet(v, false);
    });
    invoer.addEventListener("change", () => zet(invoer.value.trim(), true));
    const nu = el("button", { type: "button", title: `Wissen: ${as.tijdstip ? "nu" : "vandaag"}`,
      "aria-label": `${as.label}, moment ${welk === "van" ? "A" : "B"}: wissen` }, "wissen");
    nu.addEventListener("click", () => { invoer.value = ""; zet("", true); });
    fs.append(el("div", { klasse: "as" },
      el("label", { for: id }, as.label),
      el("div", { klasse: "waarden" }, invoer, nu, stand),
      schuif));
    zetSchuif();
  }
}

function variabelen() {
  const v = { id: toestand.id, van: { ...toestand.van }, naar: { ...toestand.naar } };
  for (const as of ASSEN) {
    const hoofd = as.naam[0].toUpperCase() + as.naam.slice(1);
    v[`a${hoofd}`] = toestand.van[as.naam] || null;
    v[`b${hoofd}`] = toestand.naar[as.naam] || null;
  }
  return v;
}

// ---- laden en tonen -----------------------------------------------------------------------------

let wachttijd = null;
function plan_laden(ms) {
  clearTimeout(wachttijd);
  wachttijd = setTimeout(laad_stand, ms);
}

async function laad_stand() {
  schrijf_adres();
  const nummer = ++toestand.volgnummer;
  const main = document.getElementById("inhoud");
  main.setAttribute("aria-busy", "true");
  try {
    const data = await vraag(STAND, variabelen());
    if (nummer !== toestand.volgnummer) return;  // een nieuwere vraag is onderweg
    melding("");
    toon_verschil(data.verschil);  // eerst: de stand markeert wat volgens het verschil veranderde
    toon_stand(data.b);
    toon_tijdlijn(new Set(data.a ? data.a.citaat.versies : []), new Set(data.b ? data.b.citaat.versies : []));
    document.getElementById("citaat-tekst").textContent = data.b ? data.b.citaat.tekst
      : "Op moment B bestaat deze afspraak niet (of u mag haar dan niet zien): er is niets te citeren.";
  } catch (e) {
    if (nummer === toestand.volgnummer) melding(`${e.message} (${e.code || "FOUT"})`, true);
  } finally {
    if (nummer === toestand.volgnummer) main.setAttribute("aria-busy", "false");
  }
}

function gemarkeerd(wijzigingen) {
  const velden = new Map(), partijen = new Map(), verplichtingen = new Map();
  for (const w of wijzigingen) {
    if (w.onderdeel === "AFSPRAAK" && w.veld) velden.set(w.veld, w);
    else if (w.onderdeel === "PARTIJ" && w.partij) partijen.set(w.partij.id, w);
    else if (w.onderdeel === "VERPLICHTING" && w.verplichting) verplichtingen.set(w.verplichting, w);
  }
  return { velden, partijen, verplichtingen };
}

let laatsteVerschil = [];

function markeer(e, w) {
  if (!w) return e;
  e.classList.add(w.soort === "TOEGEVOEGD" ? "toegevoegd" : w.soort === "VERWIJDERD" ? "verwijderd" : "gewijzigd");
  e.title = `Op moment A: ${waarde(w.van)}`;
  e.dataset.gewijzigd = w.soort;
  return e;
}

function toon_stand(a) {
  const doel = document.getElementById("stand-inhoud");
  if (!a) {
    document.getElementById("titel").textContent = `Afspraak ${toestand.id}`;
    document.getElementById("kenmerken").textContent = "";
    leeg(doel, el("p", { tekst: "Op moment B bestaat deze afspraak niet, of u mag haar dan niet zien." }));
    return;
  }
  document.getElementById("titel").textContent = a.titel;
  document.title = `${a.titel} · toets · Afsprakenregister`;
  document.getElementById("kenmerken").textContent = [a.soort, a.programma, a.vertrouwelijk ? "vertrouwelijk" : null,
    a.betwist ? "betwist: bronnen spreken elkaar tegen" : null].filter((x) => x).join(" · ");
  const m = gemarkeerd(laatsteVerschil);
  const veld = (naam, label, inhoud) => [el("dt", { tekst: label }),
    markeer(el("dd", { "data-veld": naam }, inhoud ?? "—"), m.velden.get(naam))];
  const partijen = el("table", {}, el("thead", {}, el("tr", {},
    ["Partij", "Rol", "Binding", "Ondertekend", "Standpunt"].map((k) => el("th", { scope: "col", tekst: k })))),
    el("tbody", {}, a.partijen.map((p) => markeer(el("tr", { "data-partij": p.overheid.id },
      el("td", {}, p.overheid.naam, p.naamInBron && p.naamInBron !== p.overheid.naam ? el("span", { klasse: "data" }, ` (in de bron: ${p.naamInBron})`) : null),
      el("td", { tekst: p.rol || "—" }), el("td", { tekst: p.binding || "—" }),
      el("td", { tekst: p.ondertekendOp || "—" }), el("td", { tekst: p.standpunt || "—" })), m.partijen.get(p.overheid.id)))));
  const verplichtingen = a.verplichtingen.length ? el("ul", {}, a.verplichtingen.map((v) => markeer(
    el("li", { "data-verplichting": v.id }, v.omschrijving,
      el("span", { klasse: "data" }, ` — ${v.partij ? v.partij.naam : "?"}, ${v.status}` +
        (v.uiterlijk ? `, uiterlijk ${v.uiterlijk.tekst || v.uiterlijk.waarde}` : ""))),
    m.verplichtingen.get(v.id)))) : el("p", { klasse: "data", tekst: "Geen verplichtingen." });
  const bedragen = a.bedragen.length ? el("ul", {}, a.bedragen.map((b) =>
    el("li", {}, `${b.omschrijving}: ${b.bedrag}`, el("span", { klasse: "data" }, ` (${[b.soort, b.periode].filter((x) => x).join(", ")})`))))
    : null;
  const relaties = a.relaties.length ? el("ul", {}, a.relaties.map((r) =>
    el("li", {}, `${r.soort} `, el("a", { href: `/toets/${encodeURIComponent(r.naar.id)}${location.search}` }, r.naar.titel))))
    : null;
  leeg(doel,
    el("dl", { klasse: "velden" }, veld("titel", "Titel", a.titel), veld("status", "Status", a.status),
      veld("versie", "Versie", String(a.versie)), veld("inhoud", "Inhoud", a.inhoud),
      veld("programma", "Programma", a.programma), veld("gebieden", "Gebieden", a.gebieden.join(", ") || "—")),
    el("h3", { tekst: "Partijen" }), el("div", { klasse: "tabel" }, partijen),
    el("h3", { tekst: "Verplichtingen" }), verplichtingen,
    bedragen && el("h3", { tekst: "Bedragen" }), bedragen,
    relaties && el("h3", { tekst: "Relaties" }), relaties);
}

function bronnen(lijst) {
  return lijst.map((b) => {
    const url = b.url && veiligeUrl(b.url);
    return el("div", { klasse: "bron" },
      url ? el("a", { href: url, rel: "noopener noreferrer" }, b.titel) : el("strong", { tekst: b.titel }),
      el("span", { klasse: "data" }, ` · ${b.soort} · ${b.datum}${b.datumPrecisie && b.datumPrecisie !== "DAG" ? ` (${b.datumPrecisie.toLowerCase()})` : ""}` +
        `${b.kenmerk ? ` · ${b.kenmerk}` : ""} · bewijskracht ${b.bewijskracht}`),
      b.citaat ? el("blockquote", { tekst: b.citaat }) : null);
  });
}

function toon_verschil(v) {
  const doel = document.getElementById("verschil-inhoud");
  laatsteVerschil = v ? v.wijzigingen : [];
  if (!v) { leeg(doel, el("p", { tekst: "Geen verschil te tonen: u mag deze afspraak niet zien." })); return; }
  if (!v.wijzigingen.length) {
    leeg(doel, el("p", { tekst: "Geen verschil: op beide momenten zegt het register hetzelfde over deze afspraak." }));
    return;
  }
  leeg(doel, el("p", { klasse: "data", tekst: `${v.wijzigingen.length} wijziging(en).` +
      (v.bestaatVan ? "" : " Op moment A bestond de afspraak nog niet (of was zij niet zichtbaar).") +
      (v.bestaatNaar ? "" : " Op moment B bestaat zij niet meer.") }),
    el("ul", { klasse: "wijzigingen" }, v.wijzigingen.map((w) => el("li", { klasse: w.soort, "data-onderdeel": w.onderdeel },
      el("strong", { tekst: [w.onderdeel.toLowerCase(), w.partij && w.partij.naam, w.verplichting, w.veld].filter((x) => x).join(" · ") }),
      " ", el("span", { klasse: "data", tekst: SOORTEN[w.soort] || w.soort }), " ",
      w.reden ? el("span", { klasse: "reden", tekst: REDENEN[w.reden] || w.reden }) : null,
      el("div", {}, w.soort !== "TOEGEVOEGD" ? el("del", { tekst: waarde(w.van) }) : null, " ",
        w.soort !== "VERWIJDERD" ? el("ins", { tekst: waarde(w.naar) }) : null),
      w.gebeurtenissen.map((g) => el("div", { klasse: "data" },
        `door versie ${g.versie} (${g.aard.toLowerCase()}, bekend op ${g.bekendOp})`, bronnen(g.bronnen)))))));
}

function toon_tijdlijn(opA, opB) {
  const doel = document.getElementById("tijdlijn-inhoud");
  leeg(doel, toestand.geschiedenis.map((g) => {
    const a = opA.has(g.versie), b = opB.has(g.versie);
    return el("li", { klasse: [a ? "telt-a" : "", b ? "telt-b" : "", !a && !b ? "telt-niet" : ""].join(" ").trim(), "data-versie": g.versie },
      a ? el("span", { klasse: "merkteken a", title: "telt op moment A" }, "A") : null,
      b ? el("span", { klasse: "merkteken b", title: "telt op moment B" }, "B") : null,
      el("strong", { tekst: `Versie ${g.versie}: ${g.soort}` }),
      g.rectificeert ? el("span", { klasse: "data" }, ` (rectificeert versie ${g.rectificeert})`) : null,
      el("div", { klasse: "data" }, `geldig ${g.geldigVanaf}${g.geldigTot ? ` t/m ${g.geldigTot}` : ""} · ` +
        `juridisch werkend ${g.juridischWerkendVanaf} · bekend ${g.bekendOp}` +
        `${g.datumTekst ? ` (bron: '${g.datumTekst}')` : ""} · ontvangen ${g.ontvangenOp} · door ${g.actor}`),
      g.toelichting ? el("div", { tekst: g.toelichting }) : null,
      bronnen(g.bronnen));
  }));
}

async function open_afspraak(id) {
  toestand.id = id;
  document.getElementById("afspraak").hidden = false;
  document.getElementById("titel").textContent = `Afspraak ${id}`;
  const adres = lees_adres();
  try {
    toestand.geschiedenis = (await vraag(GESCHIEDENIS, { id })).gebeurtenissen;
  } catch (e) {
    melding(`${e.message} (${e.code || "FOUT"})`, true);
    return;
  }
  if (!toestand.geschiedenis.length) {
    melding(`Er is geen afspraak '${id}' die u mag zien.`, true);
    document.getElementById("afspraak").hidden = true;
    return;
  }
  toestand.naar = adres.naar;
  toestand.van = adres.van;
  if (adres.leeg) {
    // Standaard: wat men wist toen de afspraak in het register kwam, tegenover nu.
    toestand.van = { bekendOp: toestand.geschiedenis.map((g) => g.bekendOp).sort()[0] };
  }
  bouw_peil("van");
  bouw_peil("naar");
  await laad_stand();
}

async function zoek(zoekterm, after) {
  const lijst = document.getElementById("resultaten");
  const meer = document.getElementById("meer");
  try {
    const data = await vraag(ZOEK, { zoekterm: zoekterm || null, after: after || null });
    if (!after) leeg(lijst);
    for (const { node } of data.afspraken.edges) {
      lijst.append(el("li", {}, el("a", { href: `/toets/${encodeURIComponent(node.id)}` }, node.titel),
        el("span", { klasse: "data", tekst: ` · ${[node.soort, node.status, node.programma].filter((x) => x).join(" · ")}` })));
    }
    if (!lijst.children.length) lijst.append(el("li", { tekst: "Geen afspraken gevonden." }));
    meer.hidden = !data.afspraken.pageInfo.hasNextPage;
    meer.onclick = () => zoek(zoekterm, data.afspraken.pageInfo.endCursor);
    melding("");
  } catch (e) {
    melding(`${e.message} (${e.code || "FOUT"})`, true);
  }
}

// ---- dossier ------------------------------------------------------------------------------------

async function download_dossier(formaat) {
  const p = new URLSearchParams({ formaat });
  for (const as of ASSEN) if (toestand.naar[as.naam]) p.set(as.naam, toestand.naar[as.naam]);
  for (const as of ASSEN) {
    if (toestand.van[as.naam]) p.set(`vergelijk${as.naam[0].toUpperCase()}${as.naam.slice(1)}`, toestand.van[as.naam]);
  }
  melding(`Het dossier (${formaat.toUpperCase()}) wordt gemaakt…`);
  try {
    const r = await fetch(`/dossier/${encodeURIComponent(toestand.id)}?${p}`, { headers: koppen() });
    if (!r.ok) {
      let detail = `status ${r.status}`;
      try { detail = (await r.json()).detail || detail; } catch (e) { /* geen problem+json */ }
      melding(`Het dossier kon niet worden gemaakt: ${detail}`, true);
      return;
    }
    const blob = await r.blob();
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: `dossier-${toestand.id}.${formaat}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    melding(`Het dossier (${formaat.toUpperCase()}) is gedownload.`);
  } catch (e) {
    melding("Het register is niet bereikbaar.", true);
  }
}

// ---- begin ----------------------------------------------------------------------------------------

function toon_token() {
  document.getElementById("token-samenvatting").textContent = token() ? "Met token" : "Anoniem";
}

document.addEventListener("DOMContentLoaded", () => {
  toon_token();
  document.getElementById("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const t = document.getElementById("token-invoer").value.trim();
    if (t) sessionStorage.setItem("register-token", t); else sessionStorage.removeItem("register-token");
    document.getElementById("token-invoer").value = "";
    location.reload();
  });
  document.getElementById("token-weg").addEventListener("click", () => {
    sessionStorage.removeItem("register-token");
    location.reload();
  });
  document.getElementById("dossier-pdf").addEventListener("click", () => download_dossier("pdf"));
  document.getElementById("dossier-html").addEventListener("click", () => download_dossier("html"));
  const delen = location.pathname.split("/").filter((x) => x);
  if (delen.length >= 2 && delen[0] === "toets") {
    open_afspraak(decodeURIComponent(delen[1]));
  } else {
    document.getElementById("zoeken").hidden = false;
    const form = document.getElementById("zoek-form");
    const p = new URLSearchParams(location.search);
    document.getElementById("zoekterm").value = p.get("zoekterm") || "";
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const z = document.getElementById("zoekterm").value.trim();
      history.replaceState(null, "", z ? `?zoekterm=${encodeURIComponent(z)}` : location.pathname);
      zoek(z);
    });
    zoek(p.get("zoekterm") || "");
  }
});
