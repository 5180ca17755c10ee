// The session every view shares: the token and the caller, the views' state, the API with the token, a toast.
import { ApiError, errorText, gql, shanghaiDay } from './common.js';

export const TOKEN_KEY = 'rectify.token';
/**
 * A screen token (大屏令牌) is kept in localStorage, so the wall PC signs in again by itself after a reboot; it is
 * read only by the big screen (/?screen=1). Every other token stays in the tab's sessionStorage.
 */
export const SCREEN_TOKEN_KEY = 'rectify.screen-token';
export const params = new URLSearchParams(location.search);
export const onWall = params.get('screen') === '1';

export const state = {
  token: sessionStorage.getItem(TOKEN_KEY) ?? (onWall ? localStorage.getItem(SCREEN_TOKEN_KEY) : null),
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
  liveStop: null, // ends the live subscription (opened again for another district)
  liveDistrict: null, // the district the live subscription follows (null: all the caller's)
  // The district a city caller reads ({ id, name }; city-page.js): every request names it in X-Rectify-District.
  district: readStoredDistrict(),
};

function readStoredDistrict() {
  try {
    return JSON.parse(sessionStorage.getItem('rectify.district') ?? 'null');
  } catch {
    return null;
  }
}

/** Whose reads a cached answer holds: the token, and the district a city caller reads. */
export const readerKey = () => `${state.token}|${state.district?.id ?? ''}`;

/** The request headers with this session's token, and the district a city caller reads (if any). */
export function authHeaders(district = state.district?.id) {
  return {
    authorization: `Bearer ${state.token}`,
    ...(district ? { 'x-rectify-district': district } : {}),
  };
}

export const $ = (id) => document.getElementById(id);

let tokenStopped = () => undefined;
/** What happens when the token stops working (app.js signs the user out). */
export function whenTokenStops(handler) {
  tokenStopped = handler;
}

/**
 * The API with this session's token; a token that stopped working signs the user out. `district`: the district a city
 * caller reads (default: the one it opened; null: the whole city).
 */
export async function api(query, variables, district = state.district?.id) {
  try {
    return await gql(query, variables, state.token, district ? { 'x-rectify-district': district } : {});
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
