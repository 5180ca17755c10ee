// The session every view shares: the token and the caller, the views' state, the API with the token, a toast.
import { ApiError, errorText, gql, shanghaiDay } from './common.js';

export const TOKEN_KEY = 'rectify.token';
export const params = new URLSearchParams(location.search);

export const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,
  week: shanghaiDay(),
  sources: new Set(), // empty: every source
  screen: false,
  timer: null,
  overdue: [],
  sort: { key: 'days', dir: -1 },
  units: null,
  blobUrls: [],
  loads: 0,
  live: null, // the graphql-ws client while signed in
};

export const $ = (id) => document.getElementById(id);

let tokenStopped = () => undefined;
/** What happens when the token stops working (app.js signs the user out). */
export function whenTokenStops(handler) {
  tokenStopped = handler;
}

/** The API with this session's token; a token that stopped working signs the user out. */
export async function api(query, variables) {
  try {
    return await gql(query, variables, state.token);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') tokenStopped(errorText(e));
    throw e;
  }
}

let toastTimer = null;
export function toast(message) {
  $('toast').textContent = message;
  $('toast').hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => ($('toast').hidden = true), 4000);
}
