// Shared by the dashboard and the public page: the GraphQL call, Chinese labels (from the service), Asia/Shanghai dates.

/** A GraphQL error, with the service's extensions.code. */
export class ApiError extends Error {
  constructor(code, message, extensions = {}) {
    super(message);
    this.code = code;
    this.extensions = extensions;
  }
}

const ERROR_TEXT = {
  UNAUTHENTICATED: '令牌无效、已过期或已被吊销，请重新登录',
  FORBIDDEN: '无权进行此操作',
  NOT_FOUND: '未找到',
  INVALID_TRANSITION: '问题当前状态不允许此操作，请刷新后重试',
  VERSION_CONFLICT: '问题已被他人更新，请刷新后重试',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  QUERY_TOO_COSTLY: '查询过大',
  SERVICE_UNAVAILABLE: '服务繁忙或数据库暂不可用，请稍后再试',
};

/** A message a user can read: the Chinese meaning of the code, with the service's own words for bad input. */
export function errorText(e) {
  if (!(e instanceof ApiError)) return `无法连接服务：${e?.message ?? e}`;
  if (e.code === 'BAD_USER_INPUT') return `输入有误：${e.message}`;
  // A refused event says why, in Chinese (extensions.reason): better than the general words.
  if (e.extensions?.reason) return e.message;
  return ERROR_TEXT[e.code] ?? e.message;
}

/** The first error of a REST reply (the same shape as GraphQL's: { errors: [{ message, extensions: { code } }] }). */
export async function restError(res) {
  const body = await res.json().catch(() => null);
  const error = body?.errors?.[0];
  return error
    ? new ApiError(error.extensions?.code ?? 'ERROR', error.message, error.extensions ?? {})
    : new ApiError(`HTTP_${res.status}`, `服务返回 HTTP ${res.status}`);
}

/** POST /graphql; throws ApiError on the first error (the page never uses partial data). `extra`: more headers. */
export async function gql(query, variables = {}, token = null, extra = {}) {
  const headers = { 'content-type': 'application/json', ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`HTTP_${res.status}`, `服务返回 HTTP ${res.status}`);
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.extensions?.code ?? 'ERROR', error.message, error.extensions ?? {});
  return body.data;
}

// The labels, as the service writes them once (src/common/labels.ts): /assets/labels.js is made from them.
import { ESCALATION, SIGN_OFF_STEP } from './labels.js';

export {
  SOURCE,
  CATEGORY,
  SUBSTATE,
  ESCALATION,
  DEADLINE_KIND,
  FINDING,
  SATISFACTION,
  ROLE,
  EVENT,
  SIGN_OFF_STEP,
  CLOSURE_STAGE,
  ECO_STATUS,
  ECO_CATEGORY,
  ECO_ATTRIBUTE,
} from './labels.js';

/** A closure road as a clerk reads it: the department's review if named, 验收, the other steps, 销号. */
export function roadText(steps) {
  return [
    ...(steps.includes('DEPARTMENT_REVIEW') ? [SIGN_OFF_STEP.DEPARTMENT_REVIEW] : []),
    '验收',
    ...steps.filter((s) => s !== 'DEPARTMENT_REVIEW').map((s) => SIGN_OFF_STEP[s]),
    '销号',
  ].join(' → ');
}

/** A table cell's escalation: a dash where there is none. */
export const escalationText = (level) => (level === 'NONE' ? '—' : (ESCALATION[level] ?? level));

/** For sorting: higher is more serious. */
export const ESCALATION_RANK = { NONE: 0, WARNING: 1, SUPERVISION: 2, NAMED_SUPERVISION: 3 };

// ---- Asia/Shanghai calendar days, as 'YYYY-MM-DD' strings (the service's weeks run Monday–Sunday there).

const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export const shanghaiDay = (date = new Date()) => DAY_FORMAT.format(date);

export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function mondayOf(day) {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** '2026-Q4' for a day. */
export function quarterOf(day) {
  return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

/** '2026-11-23 18:00' in Asia/Shanghai. */
export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${shanghaiDay(d)} ${TIME_FORMAT.format(d)}`;
}

/** The end of a calendar day in Asia/Shanghai, as the deadline a date picker means. */
export const endOfDay = (day) => `${day}T23:59:59+08:00`;

/** 0.983 → '98.3%'. */
export const pct = (rate) => `${(rate * 100).toFixed(1)}%`;
/** 0.983 → 98.3, what the charts plot. */
export const pct1 = (rate) => Math.round(rate * 1000) / 10;

/** Builds an element: h('td', { class: 'x', onclick }, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
