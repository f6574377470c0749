// kllgraph web example: plain ES module, no build step, no dependencies.
// Open as index.html?endpoint=http://127.0.0.1:8000/graphql (the gateway allows any origin by default).
// Every text taken from an answer goes into the page as a Text node (append/textContent), never as HTML.

const PAGE_SIZE = 10;
const EDUCATIONS_SHOWN = 10;
const OCCUPATIONS_LISTED = 50;
const MOVES_SHOWN = 10;
const MOVE_EDUCATIONS_SHOWN = 3;

const REGIONS_QUERY = `query Regions {
  regions { code name municipalities { code name } }
}`;

const ADS_QUERY = `query MunicipalityAds($code: String!, $first: Int!, $after: String) {
  municipality(code: $code) {
    code
    name
    jobAds(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        id headline url publishedAt
        employer { name }
        occupation { id label ssykCode }
      } }
    }
  }
}`;

const OCCUPATION_QUERY = `query OccupationDetails($id: ID!, $educations: Int!) {
  occupation(id: $id) {
    id label ssykCode
    occupationField { label }
    educations(first: $educations) {
      totalCount
      edges { node { id title form provider { name } municipality { name } } }
    }
    historicalDemand { year adCount }
  }
}`;

const OCCUPATIONS_QUERY = `query FindOccupations($query: String!, $first: Int!) {
  occupations(query: $query, first: $first) {
    totalCount
    edges { node { id label ssykCode } }
  }
}`;

// One request for the whole view: the origin, and each target with its skill gap, educations, ads, wage, outlook.
const MOVES_QUERY = `query CareerMoves($from: ID!, $first: Int!, $educations: Int!) {
  occupation(id: $from) { id label ssykCode }
  careerMoves(from: $from, first: $first) {
    level
    occupation { id label ssykCode }
    sharedSkills { id label }
    missingSkills { id label }
    educations(first: $educations) {
      totalCount
      edges { node { id title form provider { name } municipality { name } } }
    }
    jobAds(first: 0) { totalCount }
    monthlyWage { value unit period }
    outlook { jobOpportunities recruitmentSituation forecast round }
  }
}`;

// The taxonomy's own meaning of its two substitutability levels (75 and 25 percent).
const LEVELS = {
  HIGH: { name: "High", meaning: "very closely related tasks" },
  LOW: { name: "Low", meaning: "some tasks alike; some training may be needed" },
};

// Yrkesbarometer words (the gateway maps the file's Swedish words to these enums).
const OUTLOOK_WORDS = {
  jobOpportunities: { SMALL: "small", MEDIUM: "medium", LARGE: "large" },
  recruitmentSituation: {
    SURPLUS: "surplus of workers", BALANCE: "balance", PARADOX: "paradox", SHORTAGE: "shortage of workers",
  },
  forecast: { INCREASE: "increase", UNCHANGED: "stay unchanged", DECREASE: "decrease" },
};

const EDUCATION_FORMS = {
  UPPER_SECONDARY: "upper secondary",
  ADULT_EDUCATION: "adult education (komvux)",
  YH: "higher vocational (YH)",
  HIGHER_EDUCATION: "higher education",
  FOLK_HIGH_SCHOOL: "folk high school",
  SFI: "Swedish for immigrants",
  OTHER: "other",
};

const params = new URLSearchParams(location.search);
const endpoint = params.get("endpoint");
const $ = (id) => document.getElementById(id);

// ---- DOM helpers: elements are built, never parsed from strings ---------------------------------------------

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  el.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return el;
}

function svg(tag, props = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setProps(el, props);
  el.append(...children);
  return el;
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

const formatNumber = (n) => new Intl.NumberFormat("sv-SE").format(n);
const formatDate = (iso) => (iso ? iso.slice(0, 10) : "");

// ---- GraphQL over fetch ---------------------------------------------------------------------------------------

class TransportError extends Error {}

// POST the operation; return the whole answer ({data, errors, extensions}). Throws TransportError only when
// there is no GraphQL answer at all (network, CORS, not a GraphQL endpoint): errors *in* an answer are data.
async function graphql(query, variables) {
  let response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new TransportError(
      `Could not reach ${endpoint} (${error.message}). Is the gateway running, and does it allow this page's ` +
        "origin (CORS)?",
    );
  }
  const type = response.headers.get("content-type") || "";
  if (!type.includes("json")) {
    throw new TransportError(
      `${endpoint} answered HTTP ${response.status} without a GraphQL answer; ` +
        "the endpoint is usually the gateway's /graphql path.",
    );
  }
  const answer = await response.json();
  showNotice(answer.extensions);
  return answer;
}

// The gateway marks answers from its offline snapshot in extensions.kllgraph; say so next to the data.
function showNotice(extensions) {
  const info = extensions && extensions.kllgraph;
  const notice = $("notice");
  if (!info || info.mode !== "offline") {
    notice.hidden = true;
    return;
  }
  const snapshot = info.snapshot || {};
  const composed = snapshot.provenance === "composed";
  notice.replaceChildren(
    h("strong", {}, "Offline snapshot. "),
    composed
      ? "These answers were composed in the agencies' formats, not recorded from them"
      : `These answers were ${snapshot.provenance || "taken"} from the agencies' APIs`,
    // composedOn for composed data, recordedOn for a recording: the field's name says which it is.
    snapshotDate(snapshot) ? h("span", {}, ` (${composed ? "composed" : "recorded"} `, h("time",
      { datetime: snapshotDate(snapshot) }, snapshotDate(snapshot)), ")") : null,
    ". ",
    snapshot.note ? h("span", { class: "note" }, snapshot.note) : null,
  );
  notice.classList.toggle("composed", composed);
  notice.hidden = false;
}

function snapshotDate(snapshot) {
  return snapshot.composedOn || snapshot.recordedOn || null;
}

// Errors in an answer: code, source and path, next to whatever data the answer still carries.
function showErrors(list, errors) {
  list.replaceChildren(
    ...(errors || []).map((error) => {
      const ext = error.extensions || {};
      return h("li", {},
        h("strong", {}, ext.code || "ERROR"),
        ext.source ? h("span", { class: "source" }, ` source: ${ext.source}`) : null,
        error.path ? h("span", { class: "path" }, ` · at ${error.path.join(".")}`) : null,
        h("span", { class: "message" }, error.message),
      );
    }),
  );
}

function showFailure(list, error) {
  if (!(error instanceof TransportError)) throw error;
  list.replaceChildren(h("li", {}, h("strong", {}, "NO ANSWER"), ` ${error.message}`));
}

// ---- municipality picker ----------------------------------------------------------------------------------

async function loadMunicipalities() {
  const select = $("municipality");
  let answer;
  try {
    answer = await graphql(REGIONS_QUERY, {});
  } catch (error) {
    select.replaceChildren(h("option", { value: "" }, "No municipalities"));
    showFailure($("picker-errors"), error);
    return;
  }
  showErrors($("picker-errors"), answer.errors);
  const regions = (answer.data && answer.data.regions) || [];
  select.replaceChildren(
    h("option", { value: "" }, "Choose a municipality…"),
    ...regions.map((region) =>
      h("optgroup", { label: region.name },
        ...region.municipalities.map((m) => h("option", { value: m.code }, `${m.name} (${m.code})`)),
      ),
    ),
  );
  select.disabled = false;
  const wanted = params.get("municipality");
  if (wanted && select.querySelector(`option[value="${CSS.escape(wanted)}"]`)) {
    select.value = wanted;
    selectMunicipality(wanted);
  }
}

// ---- ads, paged with Relay cursors: cursors[i] is the `after` that fetches page i ----------------------------

const ads = { code: "", cursors: [null], page: 0, hasNext: false, ticket: 0 };

function selectMunicipality(code) {
  params.set("municipality", code);
  history.replaceState(null, "", `?${params}`);
  Object.assign(ads, { code, cursors: [null], page: 0, hasNext: false });
  loadAds();
}

async function loadAds() {
  const ticket = ++ads.ticket; // a newer request makes this one's answer stale
  const section = $("ads");
  section.hidden = false;
  section.setAttribute("aria-busy", "true");
  $("previous").disabled = $("next").disabled = true;
  let answer;
  try {
    answer = await graphql(ADS_QUERY, { code: ads.code, first: PAGE_SIZE, after: ads.cursors[ads.page] });
  } catch (error) {
    if (ticket !== ads.ticket) return;
    section.removeAttribute("aria-busy");
    $("results").replaceChildren();
    $("ads-status").textContent = "";
    showFailure($("ads-errors"), error);
    return;
  }
  if (ticket !== ads.ticket) return;
  section.removeAttribute("aria-busy");
  showErrors($("ads-errors"), answer.errors);
  const municipality = answer.data && answer.data.municipality;
  const connection = municipality && municipality.jobAds;
  $("ads-title").textContent = municipality ? `Open ads in ${municipality.name}` : "Open ads";
  if (!connection) {
    $("results").replaceChildren();
    $("ads-status").textContent = municipality ? "The ads could not be loaded." : "No such municipality.";
    return;
  }
  ads.hasNext = connection.pageInfo.hasNextPage;
  ads.cursors[ads.page + 1] = connection.pageInfo.endCursor;
  renderAds(connection);
}

function renderAds(connection) {
  const nodes = connection.edges.map((edge) => edge.node);
  const first = ads.page * PAGE_SIZE + 1;
  const total = connection.totalCount ?? "?";
  $("ads-status").textContent = nodes.length
    ? `Ads ${first}–${first + nodes.length - 1} of ${total}, page ${ads.page + 1}.`
    : "No open ads here.";
  $("results").replaceChildren(
    nodes.length ? h("table", {},
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Ad"),
        h("th", { scope: "col" }, "Employer"),
        h("th", { scope: "col" }, "Occupation"),
        h("th", { scope: "col" }, "Published"),
      )),
      h("tbody", {}, ...nodes.map(renderAd)),
    ) : null,
  );
  $("previous").disabled = ads.page === 0;
  $("next").disabled = !ads.hasNext;
}

function renderAd(ad) {
  const occupation = ad.occupation;
  return h("tr", { "data-testid": "ad" },
    h("td", {}, h("a", { href: ad.url, target: "_blank", rel: "noopener noreferrer" }, ad.headline || "(no headline)")),
    h("td", { "data-testid": "employer" }, (ad.employer && ad.employer.name) || "—"),
    h("td", { "data-testid": "ad-occupation" },
      occupation
        ? h("button", { type: "button", class: "link", onclick: () => loadOccupation(occupation.id) },
          occupation.label)
        : "—",
      occupation && occupation.ssykCode ? h("span", { class: "muted ssyk" }, ` SSYK ${occupation.ssykCode}`) : null,
    ),
    h("td", {}, h("time", { datetime: ad.publishedAt || "" }, formatDate(ad.publishedAt))),
  );
}

function turnPage(step) {
  ads.page += step;
  loadAds().then(() => $("ads-title").focus());
}

// ---- one occupation: its educations and its demand over the years ------------------------------------------

let occupationTicket = 0;

async function loadOccupation(id) {
  const ticket = ++occupationTicket;
  const section = $("occupation");
  section.hidden = false;
  $("occupation-moves").disabled = true;
  section.setAttribute("aria-busy", "true");
  let answer;
  try {
    answer = await graphql(OCCUPATION_QUERY, { id, educations: EDUCATIONS_SHOWN });
  } catch (error) {
    if (ticket !== occupationTicket) return;
    section.removeAttribute("aria-busy");
    showFailure($("occupation-errors"), error);
    return;
  }
  if (ticket !== occupationTicket) return;
  section.removeAttribute("aria-busy");
  showErrors($("occupation-errors"), answer.errors);
  const occupation = answer.data && answer.data.occupation;
  $("occupation-title").textContent = occupation ? occupation.label
    : answer.errors ? "The occupation could not be loaded" : "No such occupation";
  $("occupation-meta").textContent = occupation
    ? [occupation.ssykCode && `SSYK ${occupation.ssykCode}`, occupation.occupationField?.label]
      .filter(Boolean).join(" · ")
    : "";
  $("educations").replaceChildren(occupation ? renderEducations(occupation.educations) : "");
  $("demand").replaceChildren(occupation ? renderDemand(occupation.historicalDemand) : "");
  $("occupation-moves").disabled = !occupation;
  $("occupation-moves").dataset.id = occupation ? occupation.id : "";
  $("occupation-title").focus();
}

function renderEducations(connection) {
  if (!connection) return h("p", { class: "muted" }, "Not available.");
  if (!connection.edges.length) return h("p", { class: "muted" }, "No educations listed for this occupation.");
  const more = connection.totalCount && connection.totalCount > connection.edges.length
    ? h("p", { class: "muted" }, `${connection.edges.length} of ${connection.totalCount} shown.`) : null;
  return h("div", {},
    h("ul", { class: "educations" }, ...connection.edges.map(({ node }) => h("li", {},
      h("span", { class: "title" }, node.title || node.id),
      h("span", { class: "muted" }, " ", [
        node.form && EDUCATION_FORMS[node.form],
        node.provider && node.provider.name,
        node.municipality && node.municipality.name,
      ].filter(Boolean).join(" · ")),
    ))),
    more,
  );
}

// A bar chart in inline SVG: one bar per year, its count above it; the figures are also in the aria-label.
function renderDemand(years) {
  if (!years) return h("p", { class: "muted" }, "Not available.");
  if (!years.length) return h("p", { class: "muted" }, "No yearly figures.");
  const width = 360, height = 180, top = 22, bottom = 24;
  const slot = width / years.length;
  const max = Math.max(1, ...years.map((y) => y.adCount));
  const label = "Ads per year: " + years.map((y) => `${y.year}: ${formatNumber(y.adCount)}`).join(", ");
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "chart", "data-testid": "demand-chart",
  });
  years.forEach((y, i) => {
    const barHeight = ((height - top - bottom) * y.adCount) / max;
    const x = i * slot + slot * 0.15;
    const yTop = height - bottom - barHeight;
    chart.append(
      svg("rect", { x, y: yTop, width: slot * 0.7, height: barHeight, class: "bar" },
        svg("title", {}, `${y.year}: ${formatNumber(y.adCount)} ads`)),
      svg("text", { x: x + slot * 0.35, y: yTop - 6, class: "value" }, formatNumber(y.adCount)),
      svg("text", { x: x + slot * 0.35, y: height - 6, class: "year" }, String(y.year)),
    );
  });
  return chart;
}

// ---- switch occupation: find an occupation, then where one can move from it ---------------------------------

let searchTicket = 0;

async function findOccupations(query) {
  const ticket = ++searchTicket;
  const select = $("switch-occupation");
  select.disabled = true;
  select.replaceChildren(h("option", { value: "" }, "Searching…"));
  let answer;
  try {
    answer = await graphql(OCCUPATIONS_QUERY, { query, first: OCCUPATIONS_LISTED });
  } catch (error) {
    if (ticket !== searchTicket) return;
    select.replaceChildren(h("option", { value: "" }, "No occupations"));
    showFailure($("switch-errors"), error);
    return;
  }
  if (ticket !== searchTicket) return;
  showErrors($("switch-errors"), answer.errors);
  const connection = answer.data && answer.data.occupations;
  const found = connection ? connection.edges.map((edge) => edge.node) : [];
  const total = connection && connection.totalCount;
  select.replaceChildren(
    h("option", { value: "" }, found.length
      ? `Choose one of ${total && total > found.length ? `the first ${found.length} of ${total}` : found.length} occupations…`
      : `No occupation matches “${query}”`),
    ...found.map((o) => h("option", { value: o.id }, o.ssykCode ? `${o.label} (SSYK ${o.ssykCode})` : o.label)),
  );
  select.disabled = !found.length;
  if (found.length) select.focus();
}

let movesTicket = 0;

// `focus`: move the focus to the answer when the user asked for it, not when a link opened the page with it.
async function loadMoves(id, { focus = true } = {}) {
  const ticket = ++movesTicket;
  const section = $("switch");
  section.setAttribute("aria-busy", "true");
  params.set("from", id);
  history.replaceState(null, "", `?${params}`);
  let answer;
  try {
    answer = await graphql(MOVES_QUERY, { from: id, first: MOVES_SHOWN, educations: MOVE_EDUCATIONS_SHOWN });
  } catch (error) {
    if (ticket !== movesTicket) return;
    section.removeAttribute("aria-busy");
    $("moves").replaceChildren();
    $("moves-status").textContent = "";
    showFailure($("switch-errors"), error);
    return;
  }
  if (ticket !== movesTicket) return;
  section.removeAttribute("aria-busy");
  showErrors($("switch-errors"), answer.errors);
  const data = answer.data || {};
  const origin = data.occupation;
  const moves = data.careerMoves;
  const title = $("moves-title");
  title.hidden = false;
  title.textContent = origin ? `From ${origin.label}${origin.ssykCode ? ` (SSYK ${origin.ssykCode})` : ""}`
    : answer.errors ? "The moves could not be loaded" : "No such occupation";
  // null: the taxonomy does not know the occupation (or it failed, see the errors); []: it lists no moves.
  $("moves-status").textContent = !moves ? "" : moves.length ? movesSummary(moves.length)
    : "The taxonomy lists no occupations to move to from this one (about half of all occupations have none).";
  $("moves").replaceChildren(...(moves || []).map(renderMove));
  if (focus) title.focus();
}

function movesSummary(count) {
  const which = count === MOVES_SHOWN ? `The first ${count} occupations` // the taxonomy may list more
    : `${count} occupation${count === 1 ? "" : "s"}`;
  return `${which} whose vacancies its workers can fill, the closest first.`;
}

function renderMove(move) {
  const target = move.occupation;
  const level = LEVELS[move.level] || { name: move.level, meaning: "" };
  return h("article", { class: "move", "data-testid": "move" },
    h("h4", {},
      h("span", { "data-testid": "move-target" }, target.label),
      target.ssykCode ? h("span", { class: "muted ssyk" }, ` SSYK ${target.ssykCode}`) : null,
      " ",
      h("span", { class: `level ${String(move.level).toLowerCase()}`, title: level.meaning, "data-testid": "level" },
        `${level.name} substitutability`),
    ),
    h("p", { class: "facts muted" }, moveFacts(move)),
    h("div", { class: "columns" },
      h("div", {},
        h("h5", {}, "Missing skills"),
        renderSkills(move, "missing"),
        h("h5", {}, "Shared skills"),
        renderSkills(move, "shared"),
      ),
      h("div", { "data-testid": "move-educations" },
        h("h5", {}, "Educations that lead there"),
        renderEducations(move.educations),
      ),
    ),
  );
}

function renderSkills(move, which) {
  const skills = which === "missing" ? move.missingSkills : move.sharedSkills;
  if (!skills) return h("p", { class: "muted" }, "Not available.");
  if (!skills.length) {
    const listed = (move.missingSkills || []).length + (move.sharedSkills || []).length;
    return h("p", { class: "muted", "data-testid": `${which}-none` },
      !listed ? "The taxonomy lists no skills for it."
        : which === "missing" ? "None: your occupation lists all of its skills too." : "None in common.");
  }
  return h("ul", { class: `skills ${which}`, "data-testid": `${which}-skills` },
    ...skills.map((skill) => h("li", {}, skill.label)));
}

// Open ads, wage and outlook in one line; what a source does not publish is said, not left out.
function moveFacts(move) {
  const count = move.jobAds && move.jobAds.totalCount;
  const ads = !move.jobAds ? "open ads not available"
    : count === null || count === undefined ? "open ads not counted" : `${formatNumber(count)} open ads`;
  const wage = move.monthlyWage
    ? `${formatNumber(move.monthlyWage.value)} ${move.monthlyWage.unit || ""}/month (SCB, ${move.monthlyWage.period})`
    : "no wage published";
  const outlook = move.outlook;
  const words = outlook ? [
    outlook.jobOpportunities && `job opportunities ${OUTLOOK_WORDS.jobOpportunities[outlook.jobOpportunities]}`,
    outlook.recruitmentSituation && `recruitment: ${OUTLOOK_WORDS.recruitmentSituation[outlook.recruitmentSituation]}`,
    outlook.forecast && `demand to ${OUTLOOK_WORDS.forecast[outlook.forecast]} in five years`,
  ].filter(Boolean).join(", ") + ` (Yrkesbarometer ${outlook.round})` : "no Yrkesbarometer outlook";
  return [ads, wage, words].join(" · ");
}

// ---- start ------------------------------------------------------------------------------------------------

function start() {
  if (!endpoint) {
    $("endpoint-form").hidden = false; // submitting it reloads the page with ?endpoint=
    return;
  }
  $("picker").hidden = false;
  $("municipality").addEventListener("change", (event) => {
    if (event.target.value) selectMunicipality(event.target.value);
  });
  $("previous").addEventListener("click", () => turnPage(-1));
  $("next").addEventListener("click", () => turnPage(+1));
  $("switch").hidden = false;
  $("switch-search").addEventListener("submit", (event) => {
    event.preventDefault();
    findOccupations($("switch-query").value.trim());
  });
  $("switch-occupation").addEventListener("change", (event) => {
    if (event.target.value) loadMoves(event.target.value);
  });
  $("occupation-moves").addEventListener("click", (event) => {
    if (event.target.dataset.id) loadMoves(event.target.dataset.id);
  });
  loadMunicipalities();
  if (params.get("from")) loadMoves(params.get("from"), { focus: false });
}

start();
