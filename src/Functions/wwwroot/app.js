// Live feed page for local development (served at "/" in standalone mode).
//
// Choose a company, user and role; the page gets a token from POST /api/dev/token, lists
// GET /api/me/activities (newest first; an admin may switch to the whole company's feed,
// GET /api/activities, optionally filtered by owner) with the unread badge of GET /api/me/activities/unread-count,
// and listens on the SignalR hub at <origin>/api for activityCreated, activityUpdated, activityDeleted
// and unreadCount. Plain ES module, no build step. Everything the server sends is rendered with
// textContent, except formatted_description, which the server stores sanitized and which this page
// re-checks against the same allow-list before inserting it (defence in depth).
//
// How the page stays complete (catch-up without loss)
// ---------------------------------------------------
// Pushes are best effort: whatever happens while the page is not connected is never re-sent. So:
//  1. On open, the page starts the hub connection *before* it lists, so nothing created in between is
//     lost; pushes and listing results are merged by id (the higher or equal `version` wins).
//  2. withAutomaticReconnect retries a few times (0, 1, 2, 2, 2 s). When it gives up (onclose), or
//     when the very first start() fails, our own loop keeps calling start() every 2 s (short backoff
//     at first) for up to an hour, showing "Reconnecting…" in the aria-live status line. A server
//     restart therefore ends up here.
//  3. After every successful (re)connection (onreconnected, or start() succeeding again), the page
//     catches up, serialised so that two catch-ups never interleave:
//     a. missed creations: list with created_from = created_at of the newest item it has (inclusive,
//        so items created in the same millisecond are not skipped; duplicates are dropped by id),
//        walking next_cursor to the end (bounded);
//     b. missed updates and deletions: re-fetch the first page and replace the items it already
//        shows; an item that is shown inside that page's time window but no longer listed was
//        deleted while away and is removed (with the type filter applied to both, as shown);
//     c. the unread badge: GET unread-count.
//     The badge counts unseen activities (contract §10): opening the feed marks them all seen, as does
//     "Mark all seen"; each item still shows its own read state. Archived items leave the page.
//     Older items beyond the first page may keep a stale state until the page is reloaded; an
//     activity committed late with a created_at older than the newest shown item is found by (b)
//     when it falls on the first page.
//  4. Badge races: a GET of the unread count is only applied if no unreadCount push arrived while it
//     was in flight (the push is newer). "Mark all read" in another tab only sends unreadCount; when
//     a pushed count is lower than the unread items this page shows, it re-fetches the first page.

const API = `${location.origin}/api`;
const PAGE_SIZE = 25;
const CATCH_UP_PAGE_SIZE = 100;
const MAX_CATCH_UP_PAGES = 50;
const REQUEST_TIMEOUT_MS = 15_000;
const AUTO_RECONNECT_DELAYS_MS = [0, 1_000, 2_000, 2_000, 2_000];
const RETRY_DELAYS_MS = [1_000, 2_000]; // then RETRY_INTERVAL_MS
const RETRY_INTERVAL_MS = 2_000;
const MAX_RETRY_ATTEMPTS = 1_800; // about an hour at 2 s
const EXTRA_ACTIVITY_TYPES = ['FieldService'];
const TOKEN_RENEW_MS = 6 * 60 * 60 * 1_000; // dev tokens last 12 h; renew well before
const ALLOWED_HTML = new Set(['P', 'BR', 'B', 'STRONG', 'I', 'EM', 'U', 'UL', 'OL', 'LI', 'A']);
const ALLOWED_LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

const DETAIL_ROUTE = /^#\/activities\/([^/]+)$/; // deep link to one activity: #/activities/{id}

const $ = (selector) => document.querySelector(selector);
const ui = {
  form: $('#identity-form'),
  company: $('#company-id'),
  user: $('#user-id'),
  role: $('#role'),
  status: $('#connection-status'),
  feed: $('#feed'),
  feedHeading: $('#feed-heading'),
  feedIdentity: $('#feed-identity'),
  badge: $('#unread-badge'),
  unreadCount: $('#unread-count'),
  unseenBadge: $('#unseen-badge'),
  unseenCount: $('#unseen-count'),
  markAllSeen: $('#mark-all-seen'),
  badgeScope: $('#badge-scope'),
  typeFilter: $('#type-filter'),
  scopeField: $('#scope-field'),
  scope: $('#scope'),
  ownerField: $('#owner-field'),
  ownerFilter: $('#owner-filter'),
  ownerFilterError: $('#owner-filter-error'),
  detail: $('#activity-detail'),
  detailTitle: $('#detail-title'),
  detailFields: $('#detail-fields'),
  detailError: $('#detail-error'),
  markAllRead: $('#mark-all-read'),
  error: $('#feed-error'),
  empty: $('#feed-empty'),
  list: $('#activity-list'),
  loadMore: $('#load-more'),
  announcer: $('#announcer'),
  template: $('#activity-template'),
};

const state = {
  generation: 0, // bumped when the identity changes; async work of an older generation stops
  identity: null, // { company_id, user_id, role }
  token: null,
  tokenAt: 0, // Date.now() when the token was issued
  connection: null,
  items: new Map(), // id -> activity
  rows: new Map(), // id -> <li>
  deleted: new Set(), // ids deleted while shown: a listing that raced the deletion cannot bring them back
  filter: '',
  scope: 'own', // 'own' (GET /api/me/activities) or, for admins, 'company' (GET /api/activities)
  owner: '', // company feed only: user_id filter
  nextCursor: null, // of the initial listing, for "Load older activities"
  loaded: false, // the first page of the current view has been listed
  unread: 0,
  markingAll: false,
  pushSeq: 0, // counts unreadCount pushes (see 4. above)
  sync: Promise.resolve(), // serialises listing work (reloads, catch-ups, resyncs)
  resyncTimer: 0,
};

class ApiError extends Error {
  constructor(status, detail, errors = null) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.errors = errors; // a validation problem's field errors: { name: [message, ...] }
  }
}

// ------------------------------------------------------------------------------------------- HTTP

async function api(path, { method = 'GET', body, contentType = 'application/json', auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (auth) headers.Authorization = `Bearer ${await currentToken()}`;
  if (body !== undefined) headers['Content-Type'] = contentType;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      cache: 'no-store',
    });
    if (!response.ok) {
      let detail = '';
      let errors = null;
      try {
        const problem = await response.json();
        detail = problem.detail || problem.title || '';
        if (problem.errors && typeof problem.errors === 'object') errors = problem.errors;
      } catch {
        // not a problem document
      }
      throw new ApiError(response.status, detail, errors);
    }
    return response.status === 204 ? null : await response.json();
  } finally {
    clearTimeout(timer);
  }
}

/** The listing of the current view: the caller's own feed, or (admins) the company's, by owner. */
function listPath(params) {
  const query = new URLSearchParams();
  const all = state.scope === 'company' ? { ...params, user_id: state.owner } : params;
  for (const [key, value] of Object.entries(all)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return `${state.scope === 'company' ? '/activities' : '/me/activities'}${text ? `?${text}` : ''}`;
}

/** One activity: admins read and change any of the company's, staff only their own. */
function itemPath(id) {
  const base = state.identity?.role === 'admin' ? '/activities' : '/me/activities';
  return `${base}/${encodeURIComponent(id)}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A local development token for the chosen identity (POST /api/dev/token). */
async function issueToken(identity) {
  const { token } = await api('/dev/token', { method: 'POST', body: identity, auth: false });
  return token;
}

/** The token, renewed when it is old, so that a page left open for days keeps working. */
async function currentToken() {
  if (state.token && Date.now() - state.tokenAt > TOKEN_RENEW_MS) {
    const identity = state.identity;
    const token = await issueToken(identity);
    if (identity === state.identity) Object.assign(state, { token, tokenAt: Date.now() });
  }
  return state.token;
}

// ------------------------------------------------------------------------------------------- view model

// Newest first: created_at descending, ties by id descending (the service's order for sort=desc).
function compareNewestFirst(a, b) {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

function belongsToView(activity) {
  const owner = state.scope === 'company' ? state.owner : state.identity.user_id;
  return (
    activity.company_id === state.identity.company_id &&
    (owner === '' || activity.user_id === owner) &&
    (state.scope === 'company' || !activity.archived_at) && // archived items leave only the owner's own feed
    (state.filter === '' || activity.activity_type === state.filter)
  );
}

function oldestShown() {
  let oldest = null;
  for (const item of state.items.values()) if (!oldest || compareNewestFirst(item, oldest) > 0) oldest = item;
  return oldest;
}

function newestShown() {
  let newest = null;
  for (const item of state.items.values()) if (!newest || compareNewestFirst(item, newest) < 0) newest = item;
  return newest;
}

// An item older than everything listed so far, while older pages exist, is left to "Load older".
function insideLoadedWindow(activity) {
  if (state.nextCursor === null) return true;
  const oldest = oldestShown();
  return !oldest || compareNewestFirst(activity, oldest) <= 0;
}

/** Adds or replaces an activity. Returns true when it is new to the page. */
function upsert(activity, { fromPush = false } = {}) {
  if (state.deleted.has(activity.id)) return false;
  const existing = state.items.get(activity.id);
  if (!belongsToView(activity)) {
    if (existing) removeItem(activity.id); // e.g. its type no longer matches the filter
    return false;
  }
  if (existing && existing.version > activity.version) return false; // a stale copy
  if (!existing && fromPush && !insideLoadedWindow(activity)) return false;
  state.items.set(activity.id, activity);
  renderItem(activity);
  return !existing;
}

function removeItem(id, { deleted = false } = {}) {
  if (deleted) state.deleted.add(id);
  state.items.delete(id);
  const row = state.rows.get(id);
  if (row) {
    const hadFocus = row.contains(document.activeElement);
    row.remove();
    state.rows.delete(id);
    if (hadFocus) ui.feedHeading.focus();
  }
  updateEmpty();
}

function clearItems() {
  state.items.clear();
  state.rows.clear();
  ui.list.replaceChildren();
}

// ------------------------------------------------------------------------------------------- rendering

function setStatus(kind, text) {
  ui.status.dataset.state = kind;
  ui.status.title = '';
  if (ui.status.textContent !== text) ui.status.textContent = text;
}

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

// Inputs that send a query parameter, so that a validation problem can point at the right one.
const FIELD_INPUTS = () => ({ user_id: [ui.ownerFilter, ui.ownerFilterError], activity_type: [ui.typeFilter, null] });

function clearFieldErrors() {
  for (const [input, message] of Object.values(FIELD_INPUTS())) {
    input.removeAttribute('aria-invalid');
    if (message) {
      message.textContent = '';
      message.hidden = true;
    }
  }
}

/** Shows a failure; a validation problem lists each field's messages and marks the inputs. */
function showFailure(describe, error) {
  clearFieldErrors();
  if (!error.errors) {
    showError(`${describe}: ${error.message}`);
    return;
  }
  ui.error.replaceChildren(`${describe}: ${error.message}`);
  const list = document.createElement('ul');
  const inputs = FIELD_INPUTS();
  for (const [field, messages] of Object.entries(error.errors)) {
    const text = [].concat(messages).join(' ');
    const item = document.createElement('li');
    item.textContent = `${field}: ${text}`;
    list.append(item);
    const [input, message] = inputs[field] ?? [];
    if (input) input.setAttribute('aria-invalid', 'true');
    if (message) {
      message.textContent = text;
      message.hidden = false;
    }
  }
  ui.error.append(list);
  ui.error.hidden = false;
}

function updateEmpty() {
  ui.empty.hidden = !state.loaded || state.items.size > 0;
}

function setUnseen(count) {
  ui.unseenCount.textContent = String(count);
  ui.unseenBadge.dataset.count = String(count);
}

/** Applies {"unread_count", "unseen_count"} from a response or an unreadCount push. */
function setCounts(counts) {
  setUnread(counts.unread_count);
  if (counts.unseen_count !== undefined) setUnseen(counts.unseen_count);
}

function setUnread(count) {
  state.unread = count;
  ui.unreadCount.textContent = String(count);
  ui.badge.dataset.count = String(count);
  updateMarkAllRead();
}

// Buttons that cannot act right now get aria-disabled, not disabled: a disabled button drops the
// keyboard focus, and it would be lost whenever a button is pressed with the keyboard.
function updateMarkAllRead() {
  ui.markAllRead.setAttribute('aria-disabled', String(state.markingAll || state.unread === 0));
}

function announce(text) {
  const line = document.createElement('p');
  line.textContent = text;
  ui.announcer.append(line);
  while (ui.announcer.childElementCount > 5) ui.announcer.firstElementChild.remove();
}

// timeStyle 'long' names the zone (e.g. "10:30:00 AM GMT+1"): times are shown in the browser's zone.
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

function renderItem(activity) {
  let row = state.rows.get(activity.id);
  if (!row) {
    row = ui.template.content.firstElementChild.cloneNode(true);
    row.dataset.id = activity.id;
    row.querySelector('.toggle-read').addEventListener('click', () => toggleRead(activity.id));
    row.querySelector('.archive').addEventListener('click', () => archive(activity.id));
    state.rows.set(activity.id, row);
  }
  const unread = activity.read_at === null;
  row.classList.toggle('unread', unread);
  row.dataset.read = unread ? 'false' : 'true';
  row.querySelector('.unread-marker').hidden = !unread;
  const link = row.querySelector('.activity-link');
  link.textContent = activity.title;
  link.href = `#/activities/${encodeURIComponent(activity.id)}`;
  // Whose activity it is matters only when the feed shows more than the caller's own.
  row.querySelector('.activity-owner').textContent = state.scope === 'company' ? (activity.user_id ?? 'unassigned') : '';
  const type = row.querySelector('.activity-type');
  type.textContent = activity.activity_type ?? 'General';
  const status = row.querySelector('.activity-status');
  status.textContent = activity.status ?? '';
  status.hidden = !activity.status;
  const time = row.querySelector('.activity-time');
  time.dateTime = activity.created_at;
  time.title = activity.created_at;
  time.textContent = timeFormat.format(new Date(activity.created_at));
  renderBody(row.querySelector('.activity-body'), activity);
  // The visible label, plus which activity it acts on for screen readers ("Mark read: Invoice sent").
  const toggle = row.querySelector('.toggle-read');
  toggle.textContent = unread ? 'Mark read' : 'Mark unread';
  toggle.setAttribute('aria-label', `${toggle.textContent}: ${activity.title}`);
  row.querySelector('.archive').setAttribute('aria-label', `Archive: ${activity.title}`);

  // Keep the list sorted newest first; move the row only when it is out of place (keeps focus).
  let next = null;
  for (const other of ui.list.children) {
    if (other !== row && compareNewestFirst(state.items.get(other.dataset.id), activity) > 0) {
      next = other;
      break;
    }
  }
  if (!row.isConnected || row.nextElementSibling !== next) ui.list.insertBefore(row, next);
  updateEmpty();
}

function renderBody(container, activity) {
  if (activity.formatted_description) {
    container.replaceChildren(sanitizedFragment(activity.formatted_description));
  } else {
    container.textContent = activity.description ?? '';
  }
  container.hidden = !container.hasChildNodes();
}

// Parses in an inert <template> (nothing loads or runs) and keeps only the service's allow-list.
function sanitizedFragment(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  const clean = (source, target) => {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.append(node.textContent);
      } else if (node.nodeType === Node.ELEMENT_NODE && ALLOWED_HTML.has(node.tagName)) {
        const copy = document.createElement(node.tagName.toLowerCase());
        if (node.tagName === 'A') {
          const href = node.getAttribute('href');
          try {
            const url = new URL(href ?? '', location.href);
            if (href && ALLOWED_LINK_PROTOCOLS.has(url.protocol)) copy.href = url.href;
          } catch {
            // not a URL: keep the text only
          }
          copy.rel = 'noopener noreferrer nofollow';
        }
        clean(node, copy);
        target.append(copy);
      } else if (node.nodeType === Node.ELEMENT_NODE && !['SCRIPT', 'STYLE', 'TEMPLATE'].includes(node.tagName)) {
        clean(node, target); // unknown element: keep its text
      }
    }
  };
  const fragment = document.createDocumentFragment();
  clean(template.content, fragment);
  return fragment;
}

// ------------------------------------------------------------------------------------------- data

async function refreshUnread(generation) {
  const seq = state.pushSeq;
  const counts = await api('/me/activities/unread-count');
  if (generation === state.generation && seq === state.pushSeq) setCounts(counts);
}

/** Runs listing work one at a time, so two listings never interleave their merges. */
function serial(generation, work, describe) {
  state.sync = state.sync
    .then(() => (generation === state.generation ? work() : undefined))
    .then(
      () => {
        if (generation === state.generation) {
          showError('');
          clearFieldErrors();
        }
      },
      (error) => {
        if (generation === state.generation) showFailure(describe, error);
      },
    );
  return state.sync;
}

/**
 * Lists the first page of the current view, replacing what is shown. The old items go before the
 * request, so that pushes arriving while it is in flight are kept (and merged with its result).
 */
async function reloadFeed(generation) {
  clearItems();
  state.loaded = false;
  state.nextCursor = null;
  ui.loadMore.hidden = true;
  ui.feed.setAttribute('aria-busy', 'true');
  try {
    const page = await api(listPath({ limit: PAGE_SIZE, activity_type: state.filter }));
    if (generation !== state.generation) return;
    state.nextCursor = page.next_cursor;
    state.loaded = true;
    for (const activity of page.data) upsert(activity);
    ui.loadMore.hidden = state.nextCursor === null;
    updateEmpty();
    await refreshUnread(generation);
  } finally {
    if (generation === state.generation) ui.feed.setAttribute('aria-busy', 'false');
  }
}

function loadOlder() {
  const generation = state.generation;
  // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
  if (ui.loadMore.getAttribute('aria-disabled') === 'true') return undefined;
  ui.loadMore.setAttribute('aria-disabled', 'true');
  return serial(generation, async () => {
    if (!state.nextCursor) return;
    const page = await api(listPath({ limit: PAGE_SIZE, activity_type: state.filter, cursor: state.nextCursor }));
    if (generation !== state.generation) return;
    state.nextCursor = page.next_cursor;
    for (const activity of page.data) upsert(activity);
    if (state.nextCursor === null && document.activeElement === ui.loadMore) {
      ui.list.lastElementChild?.querySelector('.toggle-read')?.focus(); // the button is about to go
    }
    ui.loadMore.hidden = state.nextCursor === null;
  }, 'Could not load older activities').finally(() => {
    ui.loadMore.removeAttribute('aria-disabled');
  });
}

/** Step 3 of the comment at the top: fetch what was missed while not connected. */
function catchUp(generation) {
  return serial(generation, () => catchUpNow(generation), 'Could not catch up');
}

async function catchUpNow(generation) {
  if (!state.loaded) {
    await reloadFeed(generation); // the first listing failed (e.g. the server was down): do it now
    return;
  }
  // a. creations: everything from the newest item we have on (inclusive), all pages.
  const newest = newestShown();
  if (newest) {
    const params = { limit: CATCH_UP_PAGE_SIZE, activity_type: state.filter, created_from: newest.created_at };
    let cursor = null;
    for (let pages = 0; pages < MAX_CATCH_UP_PAGES; pages++) {
      const page = await api(listPath({ ...params, cursor }));
      if (generation !== state.generation) return;
      let added = 0;
      for (const activity of page.data) if (upsert(activity)) added++;
      if (added > 0) announce(`${added} new ${added === 1 ? 'activity' : 'activities'} while disconnected`);
      cursor = page.next_cursor;
      if (!cursor) break;
    }
  }
  // b. updates and deletions on the first page.
  await refreshFirstPage(generation);
  // c. the badge.
  await refreshUnread(generation);
}

async function refreshFirstPage(generation) {
  // Only items shown before the request can be judged deleted: one pushed meanwhile may be newer.
  const shownBefore = new Set(state.items.keys());
  const page = await api(listPath({ limit: PAGE_SIZE, activity_type: state.filter }));
  if (generation !== state.generation) return;
  const listed = new Set(page.data.map((activity) => activity.id));
  for (const activity of page.data) upsert(activity);
  const windowEnd = page.next_cursor === null ? null : page.data.at(-1);
  for (const item of [...state.items.values()]) {
    const inWindow = windowEnd === null || compareNewestFirst(item, windowEnd) <= 0;
    if (inWindow && shownBefore.has(item.id) && !listed.has(item.id)) removeItem(item.id, { deleted: true });
  }
  if (state.nextCursor !== null && page.next_cursor === null) {
    state.nextCursor = null; // everything there is now fits on the first page
    ui.loadMore.hidden = true;
  }
}

// A pushed unread count lower than the unread items shown: marked read elsewhere (e.g. "Mark all
// read" in another tab, which pushes only the count). Re-list the first page; when the count is 0,
// older loaded items are read as well.
function scheduleResync() {
  clearTimeout(state.resyncTimer);
  const generation = state.generation;
  state.resyncTimer = setTimeout(() => {
    serial(generation, async () => {
      await refreshFirstPage(generation);
      if (state.unread === 0) markShownRead(new Date().toISOString());
    }, 'Could not refresh the feed');
  }, 250);
}

// Read state is the owner's: "mark all read" and the badge concern the caller's own activities only.
const isOwn = (item) => item.user_id === state.identity.user_id;

function markShownRead(readAt, newestIncluded = null) {
  for (const item of state.items.values()) {
    if (item.read_at === null && isOwn(item) && (newestIncluded === null || compareNewestFirst(item, newestIncluded) >= 0)) {
      const read = { ...item, read_at: readAt };
      state.items.set(item.id, read);
      renderItem(read);
    }
  }
}

function unreadShown() {
  let count = 0;
  for (const item of state.items.values()) if (item.read_at === null && isOwn(item)) count++;
  return count;
}

// ------------------------------------------------------------------------------------------- actions

async function toggleRead(id) {
  const activity = state.items.get(id);
  const row = state.rows.get(id);
  if (!activity || !row) return;
  const button = row.querySelector('.toggle-read');
  if (button.getAttribute('aria-disabled') === 'true') return;
  const generation = state.generation;
  button.setAttribute('aria-disabled', 'true');
  try {
    const readAt = activity.read_at === null ? new Date().toISOString() : null;
    const updated = await api(itemPath(id), {
      method: 'PATCH',
      body: { read_at: readAt },
      contentType: 'application/merge-patch+json',
    });
    if (generation !== state.generation) return;
    upsert(updated);
    showError('');
    await refreshUnread(generation);
  } catch (error) {
    if (error.status === 404) removeItem(id, { deleted: true });
    showError(`Could not change the read state: ${error.message}`);
  } finally {
    button.removeAttribute('aria-disabled');
  }
}

/** Archives an item for this user (DELETE on /me archives; nothing is deleted). Other tabs get activityUpdated. */
async function archive(id) {
  const row = state.rows.get(id);
  const button = row?.querySelector('.archive');
  if (!button || button.getAttribute('aria-disabled') === 'true') return;
  const generation = state.generation;
  button.setAttribute('aria-disabled', 'true');
  try {
    await api(`/me/activities/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (generation !== state.generation) return;
    removeItem(id);
    announce('Activity archived');
    await refreshUnread(generation);
  } catch (error) {
    if (error.status === 404) removeItem(id, { deleted: true });
    showError(`Could not archive: ${error.message}`);
  } finally {
    button.removeAttribute('aria-disabled');
  }
}

/** Marks everything seen (the badge); called when the feed opens and by "Mark all seen". */
async function markAllSeen(generation = state.generation) {
  try {
    const seq = state.pushSeq;
    const counts = await api('/me/activities/mark-seen', { method: 'POST' });
    if (generation === state.generation && seq === state.pushSeq) setCounts(counts);
  } catch (error) {
    if (generation === state.generation) showError(`Could not mark all seen: ${error.message}`);
  }
}

async function markAllRead() {
  if (ui.markAllRead.getAttribute('aria-disabled') === 'true') return;
  const generation = state.generation;
  state.markingAll = true;
  updateMarkAllRead();
  const seq = state.pushSeq;
  const newestBefore = newestShown(); // items up to this one were created before the request
  try {
    const { unread_count: count } = await api('/me/activities/mark-read', { method: 'POST' });
    if (generation !== state.generation) return;
    if (seq === state.pushSeq) setUnread(count);
    announce('All activities marked read');
    // The service marks them read without new versions or pushes: re-list the first page, and mark
    // the older loaded items read here (they were created before the request, so they are read).
    await serial(generation, async () => {
      await refreshFirstPage(generation);
      if (newestBefore) markShownRead(new Date().toISOString(), newestBefore);
    }, 'Could not refresh the feed');
  } catch (error) {
    showError(`Could not mark all read: ${error.message}`);
  } finally {
    state.markingAll = false;
    updateMarkAllRead();
  }
}

async function loadActivityTypes(generation) {
  try {
    const catalog = await api('/activity-message-types');
    if (generation !== state.generation) return;
    const types = [...new Set([...catalog.data.map((row) => row.activity_type), ...EXTRA_ACTIVITY_TYPES])];
    types.sort((a, b) => a.localeCompare(b));
    const options = types.map((type) => new Option(type, type, false, type === state.filter));
    ui.typeFilter.replaceChildren(new Option('All types', '', false, state.filter === ''), ...options);
  } catch (error) {
    showError(`Could not load activity types: ${error.message}`);
  }
}

// ------------------------------------------------------------------------------------------- realtime

/** One part of the injective realtime user id: `%` then `:` escaped (as the server does). */
const realtimePart = (value) => value.replaceAll('%', '%25').replaceAll(':', '%3A');

function buildConnection(generation) {
  const connection = new signalR.HubConnectionBuilder()
    // In Azure the negotiate function binds the SignalR user to this header and refuses it unless it
    // equals the token's identity; the local hub ignores it. Same client code in both places.
    .withUrl(API, {
      accessTokenFactory: currentToken,
      headers: { 'x-activity-user': `${realtimePart(state.identity.company_id)}:${realtimePart(state.identity.user_id)}` },
    })
    .withAutomaticReconnect(AUTO_RECONNECT_DELAYS_MS)
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const current = (handler) => (...args) => {
    if (generation === state.generation) handler(...args);
  };
  connection.on('activityCreated', current((activity) => {
    if (upsert(activity, { fromPush: true })) announce(`New activity: ${activity.title}`);
  }));
  connection.on('activityUpdated', current((activity) => upsert(activity, { fromPush: true })));
  connection.on('activityDeleted', current(({ id }) => removeItem(id, { deleted: true })));
  connection.on('unreadCount', current((counts) => {
    const count = counts.unread_count;
    state.pushSeq++;
    setCounts(counts);
    if (count < unreadShown()) scheduleResync();
  }));
  connection.onreconnecting(current(() => setStatus('reconnecting', 'Reconnecting…')));
  connection.onreconnected(current(() => {
    setStatus('live', 'Live: connected');
    catchUp(generation);
  }));
  connection.onclose(current(() => keepTrying(generation)));
  return connection;
}

/** Step 2 of the comment at the top: our own bounded retry loop around start(). */
async function keepTrying(generation) {
  for (let attempt = 1; attempt <= MAX_RETRY_ATTEMPTS; attempt++) {
    if (generation !== state.generation) return;
    setStatus('reconnecting', 'Reconnecting…'); // unchanged text: the live region speaks it once
    ui.status.title = `Attempt ${attempt}, every ${RETRY_INTERVAL_MS / 1000} s`;
    await sleep(RETRY_DELAYS_MS[attempt - 1] ?? RETRY_INTERVAL_MS);
    if (generation !== state.generation) return;
    try {
      await state.connection.start();
    } catch {
      continue;
    }
    if (generation !== state.generation) return;
    setStatus('live', 'Live: connected');
    await catchUp(generation);
    return;
  }
  setStatus('offline', 'Disconnected: the server could not be reached for an hour. Reload the page to try again.');
}

// ------------------------------------------------------------------------------------------- opening a feed

async function openFeed(identity) {
  const generation = ++state.generation;
  const previous = state.connection;
  state.connection = null;
  if (previous) previous.stop().catch(() => {});
  clearTimeout(state.resyncTimer);
  Object.assign(state, { identity, token: null, tokenAt: 0, loaded: false, nextCursor: null, pushSeq: 0, sync: Promise.resolve(), deleted: new Set() });
  clearItems();
  setUnread(0);
  setUnseen(0);
  showError('');
  ui.loadMore.hidden = true;
  ui.empty.hidden = true;
  ui.feedIdentity.textContent = `${identity.user_id} (${identity.role}) at ${identity.company_id}`;
  // Only admins may list the whole company; everyone starts on their own feed.
  Object.assign(state, { scope: 'own', owner: '' });
  ui.scope.value = 'own';
  ui.ownerFilter.value = '';
  ui.scopeField.hidden = identity.role !== 'admin';
  ui.ownerField.hidden = true;
  clearFieldErrors();
  ui.feed.hidden = false;
  ui.feed.setAttribute('aria-busy', 'true'); // until the first listing is in (reloadFeed clears it)
  setStatus('connecting', 'Connecting…');

  try {
    const token = await issueToken(identity);
    if (generation !== state.generation) return;
    Object.assign(state, { token, tokenAt: Date.now() });
  } catch (error) {
    setStatus('offline', 'Not connected');
    ui.feed.setAttribute('aria-busy', 'false');
    showError(`Could not get a token: ${error.message}`);
    return;
  }
  ui.feedHeading.focus();
  loadActivityTypes(generation);

  // Connect first, then list: a creation in between arrives as a push and is merged by id.
  state.connection = buildConnection(generation);
  let connected = false;
  try {
    await state.connection.start();
    connected = true;
    if (generation === state.generation) setStatus('live', 'Live: connected');
  } catch {
    // keepTrying below
  }
  if (generation !== state.generation) return;
  showRoute(); // a deep link opened with the page
  await serial(generation, () => reloadFeed(generation), 'Could not load the feed (retrying when connected)');
  if (generation === state.generation) await markAllSeen(generation); // opening the feed sees everything
  if (!connected) keepTrying(generation);
}

// ------------------------------------------------------------------------------------------- one activity (deep link)

const DETAIL_FIELDS = [
  'id', 'user_id', 'activity_type', 'message_type', 'direction', 'status', 'contact_id', 'relation_type',
  'relation_id', 'external_id', 'scheduled_date', 'read_at', 'created_at', 'updated_at', 'version',
];
const TIME_FIELDS = new Set(['read_at', 'created_at', 'updated_at']);

/** Shows the activity named by the location's #/activities/{id}, or hides the detail. */
async function showRoute() {
  const match = location.hash.match(DETAIL_ROUTE);
  if (!match || !state.identity || !state.token) {
    ui.detail.hidden = true;
    return;
  }
  const id = decodeURIComponent(match[1]);
  const generation = state.generation;
  ui.detail.hidden = false;
  ui.detail.dataset.id = id;
  ui.detailTitle.textContent = 'Loading…';
  ui.detailFields.replaceChildren();
  ui.detailError.hidden = true;
  try {
    const activity = await api(itemPath(id));
    if (generation !== state.generation || ui.detail.dataset.id !== id) return;
    renderDetail(activity);
  } catch (error) {
    if (generation !== state.generation || ui.detail.dataset.id !== id) return;
    ui.detailTitle.textContent = 'Activity not available';
    ui.detailError.textContent = error.status === 404 ? 'No such activity for you.' : error.message;
    ui.detailError.hidden = false;
  }
  ui.detailTitle.focus();
}

function renderDetail(activity) {
  ui.detailTitle.textContent = activity.title;
  const rows = [];
  for (const field of DETAIL_FIELDS) {
    const value = activity[field];
    if (value === null || value === undefined) continue;
    const term = document.createElement('dt');
    term.textContent = field;
    const definition = document.createElement('dd');
    definition.dataset.field = field;
    if (TIME_FIELDS.has(field)) {
      const time = document.createElement('time');
      time.dateTime = value;
      time.textContent = timeFormat.format(new Date(value));
      definition.append(time);
    } else {
      definition.textContent = String(value);
    }
    rows.push(term, definition);
  }
  const body = document.createElement('dd');
  renderBody(body, activity);
  if (!body.hidden) {
    const term = document.createElement('dt');
    term.textContent = 'description';
    rows.push(term, body);
  }
  ui.detailFields.replaceChildren(...rows);
}

window.addEventListener('hashchange', () => showRoute());

function readIdentity() {
  return {
    company_id: ui.company.value.trim(),
    user_id: ui.user.value.trim(),
    role: ui.role.value,
  };
}

function rememberIdentity(identity) {
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(identity)) url.searchParams.set(key, value);
  history.replaceState(null, '', url);
  try {
    localStorage.setItem('activity-feed-identity', JSON.stringify(identity));
  } catch {
    // storage may be unavailable; the URL keeps the identity as well
  }
}

function initialIdentity() {
  const params = new URLSearchParams(location.search);
  const fromUrl = { company_id: params.get('company_id'), user_id: params.get('user_id'), role: params.get('role') };
  if (fromUrl.company_id && fromUrl.user_id && fromUrl.role) return { identity: fromUrl, open: true };
  try {
    const saved = JSON.parse(localStorage.getItem('activity-feed-identity') ?? 'null');
    if (saved?.company_id && saved.user_id && saved.role) return { identity: saved, open: false };
  } catch {
    // ignore
  }
  return { identity: null, open: false };
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const identity = readIdentity();
  const missing = [
    [ui.company, identity.company_id],
    [ui.user, identity.user_id],
  ].filter(([, value]) => !value);
  for (const [input] of [[ui.company], [ui.user]]) input.removeAttribute('aria-invalid');
  if (missing.length > 0) {
    for (const [input] of missing) input.setAttribute('aria-invalid', 'true');
    missing[0][0].focus();
    ui.feed.hidden = false;
    showError('Company and user are required.');
    return;
  }
  rememberIdentity(identity);
  openFeed(identity);
});

ui.typeFilter.addEventListener('change', () => {
  state.filter = ui.typeFilter.value;
  ui.badgeScope.hidden = state.filter === ''; // the badge always counts every type
  if (!state.identity || !state.token) return;
  const generation = state.generation;
  // Pushes for the new filter are kept from now on; the listing runs after any work in progress.
  clearItems();
  state.loaded = false;
  serial(generation, () => reloadFeed(generation), 'Could not load the feed');
});

function reloadView() {
  if (!state.identity || !state.token) return;
  const generation = state.generation;
  clearItems();
  state.loaded = false;
  serial(generation, () => reloadFeed(generation), 'Could not load the feed');
}

ui.scope.addEventListener('change', () => {
  state.scope = ui.scope.value === 'company' && state.identity?.role === 'admin' ? 'company' : 'own';
  ui.ownerField.hidden = state.scope !== 'company';
  clearFieldErrors();
  reloadView();
});

ui.ownerFilter.addEventListener('change', () => {
  state.owner = ui.ownerFilter.value.trim();
  reloadView();
});

ui.markAllRead.addEventListener('click', markAllRead);
ui.markAllSeen.addEventListener('click', () => markAllSeen());
ui.loadMore.addEventListener('click', loadOlder);

const start = initialIdentity();
if (start.identity) {
  ui.company.value = start.identity.company_id;
  ui.user.value = start.identity.user_id;
  ui.role.value = start.identity.role === 'admin' ? 'admin' : 'staff';
}
if (start.open) openFeed(readIdentity());
