// 登记问题: the office files one problem from the page (fileIssue), with its place — typed, or the browser's own
// position (navigator.geolocation, WGS-84) — and opens the new problem. It shows in the same modal as the events' forms.
import { ApiError, CATEGORY, errorText, h, SOURCE } from './common.js';
import { COORDINATE_SYSTEM, ENTERED } from './labels.js';
import { closeModal } from './event-forms.js';
import { $, api } from './session.js';

const FILE_ISSUE = `mutation FileIssue($input: FileIssueInput!) { fileIssue(input: $input) { id code } }`;

const options = (labels, chosen) =>
  Object.entries(labels).map(([value, label]) => h('option', { value, selected: value === chosen }, label));

function field(label, input, required = false) {
  return h('label', { class: 'field' }, h('span', {}, label, required ? h('em', {}, ' *') : null), input);
}

const textInput = (name, extra = {}) => h('input', { name, type: 'text', autocomplete: 'off', ...extra });

/** The browser's position (WGS-84, as GPS gives it), or why there is none. */
function currentPosition() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('此浏览器不支持定位'));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(p.coords),
      (e) => reject(new Error(e.code === 1 ? '未获准使用位置，请在浏览器中允许定位' : '暂时无法获取当前位置')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}

function placeFields() {
  const lng = h('input', { name: 'longitude', type: 'number', step: 'any', min: 73, max: 136, inputmode: 'decimal' });
  const lat = h('input', { name: 'latitude', type: 'number', step: 'any', min: 3, max: 54, inputmode: 'decimal' });
  const system = h('select', { name: 'coordinateSystem' }, ...options(COORDINATE_SYSTEM, 'WGS84'));
  const status = h('span', { class: 'muted small', id: 'locate-status', role: 'status' });
  const locate = h(
    'button',
    {
      type: 'button',
      class: 'btn small',
      id: 'locate-btn',
      onclick: async () => {
        status.textContent = '正在定位…';
        locate.disabled = true;
        try {
          const c = await currentPosition();
          lng.value = c.longitude.toFixed(6);
          lat.value = c.latitude.toFixed(6);
          system.value = 'WGS84'; // what the browser's geolocation gives
          status.textContent = `已定位（精度约 ${Math.round(c.accuracy)} 米）`;
        } catch (e) {
          status.textContent = e.message;
        } finally {
          locate.disabled = false;
        }
      },
    },
    '使用当前位置',
  );
  return [
    h('div', { class: 'field-row' }, field('经度', lng), field('纬度', lat)),
    h('div', { class: 'field-row' }, field('坐标系', system), h('div', { class: 'locate' }, locate, status)),
  ];
}

/** Opens the 登记问题 form (the office's); after filing, the new problem's page. */
export function openFileIssueForm() {
  const description = h('textarea', { name: 'description', required: true, rows: 4 });
  $('modal-title').textContent = '登记问题';
  $('modal-fields').replaceChildren(
    field('问题来源', h('select', { name: 'source', required: true }, ...options(SOURCE, 'CENTRAL_INSPECTION')), true),
    field('问题标题', textInput('title', { required: true, maxlength: 200 }), true),
    field('问题描述', description, true),
    field('问题类别', h('select', { name: 'category', required: true }, ...options(CATEGORY, 'WATER')), true),
    ...ENTERED.map((f) =>
      field(
        f.label,
        textInput(f.name, {
          maxlength: f.maxLength,
          pattern: f.pattern,
          placeholder: f.placeholder,
          inputmode: f.inputMode,
        }),
      ),
    ),
    field('投诉渠道（群众举报件填写，如 12345、12369）', textInput('complaintChannel', { maxlength: 50 })),
    ...placeFields(),
  );
  $('modal-error').textContent = '';
  $('modal').hidden = false;
  $('modal').dataset.event = 'fileIssue';
  $('modal-submit').disabled = false;
  $('modal-fields').querySelector('select, input')?.focus();
  $('modal-form').onsubmit = async (ev) => {
    ev.preventDefault();
    const v = (name) => $('modal-form').elements.namedItem(name).value.trim();
    const lng = v('longitude');
    const lat = v('latitude');
    if ((lng === '') !== (lat === '')) {
      $('modal-error').textContent = '经度和纬度须同时填写，或都不填';
      return;
    }
    const located = lng !== '';
    const input = {
      source: v('source'),
      title: v('title'),
      description: v('description'),
      category: v('category'),
      ...Object.fromEntries(ENTERED.map((f) => [f.name, v(f.name) || null])),
      complaintChannel: v('complaintChannel') || null,
      longitude: located ? Number(lng) : null,
      latitude: located ? Number(lat) : null,
      coordinateSystem: located ? v('coordinateSystem') : null,
    };
    $('modal-submit').disabled = true;
    try {
      const { fileIssue } = await api(FILE_ISSUE, { input });
      closeModal();
      location.hash = `#/issue/${encodeURIComponent(fileIssue.id)}`;
    } catch (e) {
      $('modal-error').textContent = e instanceof ApiError ? errorText(e) : e.message;
      $('modal-submit').disabled = false;
    }
  };
}
