// Shared by the dashboard and the public page: the GraphQL call, Chinese labels, Asia/Shanghai dates.

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
  return error ? new ApiError(error.extensions?.code ?? 'ERROR', error.message, error.extensions ?? {}) : new ApiError(`HTTP_${res.status}`, `服务返回 HTTP ${res.status}`);
}

/** POST /graphql; throws ApiError on the first error (the page never uses partial data). */
export async function gql(query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json' };
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

export const SOURCE = {
  CENTRAL_INSPECTION: '中央督察',
  MUNICIPAL_INSPECTION: '市级督察',
  UNDERCOVER_INSPECTION: '暗访督察',
  SPECIAL_INSPECTION: '专项督察',
  PUBLIC_COMPLAINT: '群众举报',
  SELF_INSPECTION: '举一反三',
};

export const CATEGORY = {
  WATER: '水',
  AIR: '大气',
  SOIL: '土壤',
  SOLID_WASTE: '固体废物',
  NOISE: '噪声',
  ECOLOGY: '生态',
  RADIATION: '辐射',
  OTHER: '其他',
};

export const SUBSTATE = {
  FILED: '已登记',
  ASSIGNED: '已交办（待签收）',
  'RECTIFYING.inProgress': '整改中',
  'RECTIFYING.submitted': '已申请销号（待验收）',
  RECTIFYING: '整改中',
  VERIFIED: '已验收',
  CLOSED: '已销号',
  REVISITED: '已回头看',
};

export const ESCALATION = { NONE: '—', WARNING: '预警', SUPERVISION: '督办', NAMED_SUPERVISION: '挂牌督办' };
/** For sorting: higher is more serious. */
export const ESCALATION_RANK = { NONE: 0, WARNING: 1, SUPERVISION: 2, NAMED_SUPERVISION: 3 };

export const DEADLINE_KIND = { DATE: '限期整改', IMMEDIATE: '立行立改', LONG_TERM: '长期坚持' };
export const FINDING = { SUBSTANTIATED: '属实', PARTLY_SUBSTANTIATED: '部分属实', UNFOUNDED: '不属实' };
export const SATISFACTION = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', UNSATISFIED: '不满意' };
export const ROLE = { OFFICE: '区整改办', UNIT: '责任单位', LEADER: '区领导' };

export const EVENT = {
  file: '登记',
  assign: '交办',
  reassign: '改派',
  accept: '签收',
  return: '退回',
  reportProgress: '报告进展',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  submit: '申请销号',
  verify: '验收',
  close: '销号',
  revisit: '回头看',
  publish: '信息公开',
  markDuplicate: '标记重复',
  escalate: '升级督办',
};

export const ECO_STATUS = {
  ON_TRACK: '达标',
  AT_RISK: '预警',
  OFF_TRACK: '滞后',
  AWAITING_CONFIRMATION: '待确认',
  AWAITING_REPORT: '待报送',
  MISSING: '逾期未报',
  PENDING_TARGET: '目标待下达',
};
export const ECO_CATEGORY = {
  ENV_QUALITY: '环境质量改善',
  EMISSION_REDUCTION: '污染物减排',
  LOW_CARBON: '低碳发展',
  ECOLOGY: '生态保护',
  RISK_CONTROL: '环境风险控制',
};
export const ECO_ATTRIBUTE = { BINDING: '约束性', EXPECTED: '预期性' };

// ---- Asia/Shanghai calendar days, as 'YYYY-MM-DD' strings (the service's weeks run Monday–Sunday there).

const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

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

export const date = (iso) => (iso ? shanghaiDay(new Date(iso)) : '—');

/** The end of a calendar day in Asia/Shanghai, as the deadline a date picker means. */
export const endOfDay = (day) => `${day}T23:59:59+08:00`;

/** Whole days past the deadline, counting a started day (due yesterday evening → 1). */
export function daysOverdue(dueAt, now = Date.now()) {
  return Math.max(0, Math.ceil((now - new Date(dueAt).getTime()) / 86_400_000));
}

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
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
