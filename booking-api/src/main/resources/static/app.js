// Customer page: client-side validation mirrors the server's; the server's problem details are shown per field.
(function () {
  'use strict';
  const lang = document.documentElement.lang || 'ko';
  const headers = { 'Content-Type': 'application/json', 'Accept-Language': lang };
  const $ = (id) => document.getElementById(id);

  function clearErrors(form) {
    form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
  }

  function showProblem(form, problem, generalId) {
    const errors = (problem && problem.errors) || [];
    let shown = 0;
    errors.forEach((err) => {
      const slot = form.querySelector('.error[data-for="' + err.field + '"]');
      if (slot) { slot.textContent = err.message; shown++; }
    });
    // the general line only when no field took the message (no message twice)
    $(generalId).textContent = shown ? '' : ((problem && problem.detail) || '');
  }

  function kstSlot() {
    const d = $('date').value;
    const t = $('time').value;
    return d && t ? d + 'T' + t + ':00+09:00' : null;
  }

  function uuid() {
    return (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random().toString(16).slice(2);
  }

  let idempotencyKey = uuid();
  const bookingForm = $('booking-form');
  bookingForm.addEventListener('input', () => { idempotencyKey = uuid(); });
  bookingForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(bookingForm);
    $('booking-result').textContent = '';
    let valid = true;
    ['name', 'phone', 'address', 'issueType', 'date', 'time'].forEach((id) => {
      const input = $(id);
      if (!input.checkValidity()) {
        valid = false;
        const field = (id === 'date' || id === 'time') ? 'slotStart' : id;
        const slot = bookingForm.querySelector('.error[data-for="' + field + '"]');
        if (slot) { slot.textContent = input.validationMessage; }
      }
    });
    if (!valid) { return; }
    const body = {
      name: $('name').value, phone: $('phone').value, address: $('address').value,
      issueType: $('issueType').value, description: $('description').value, slotStart: kstSlot()
    };
    $('submit').disabled = true;
    try {
      const response = await fetch('/api/bookings', {
        method: 'POST', headers: Object.assign({ 'Idempotency-Key': idempotencyKey }, headers), body: JSON.stringify(body)
      });
      const json = await response.json().catch(() => ({}));
      if (response.ok) {
        $('booking-result').textContent = $('booking-result').dataset.template.replace('{0}', json.bookingCode);
        $('booking-result').dataset.code = json.bookingCode;
        idempotencyKey = uuid();
      } else {
        showProblem(bookingForm, json, 'booking-error');
      }
    } catch (e) {
      $('booking-error').textContent = e.message;
    } finally {
      $('submit').disabled = document.body.classList.contains('maintenance');
    }
  });

  const lookupForm = $('lookup-form');
  lookupForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    $('lookup-error').textContent = '';
    $('lookup-result').hidden = true;
    const code = $('code').value.trim().toUpperCase();
    const last4 = $('last4').value.trim();
    const response = await fetch('/api/bookings/' + encodeURIComponent(code), {
      headers: { 'Accept-Language': lang, 'X-Phone-Last4': last4 }
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      $('lookup-error').textContent = json.detail || response.statusText;
      return;
    }
    const labels = $('i18n').dataset;
    $('r-code').textContent = json.bookingCode;
    $('r-status').textContent = labels[json.status.toLowerCase()] || json.status;
    $('r-slot').textContent = new Date(json.slotStart).toLocaleString(lang === 'en' ? 'en-GB' : 'ko-KR',
      { timeZone: 'Asia/Seoul', dateStyle: 'medium', timeStyle: 'short' });
    $('lookup-result').hidden = false;
  });

  // Maintenance banner: follows /api/maintenance without a reload (server-sent events, polling as a fallback).
  function render(state) {
    const on = state && state.writesBlocked;
    document.body.classList.toggle('maintenance', !!on);
    $('maintenance-banner').hidden = !on;
    $('submit').disabled = !!on;
    bookingForm.querySelectorAll('input, select, textarea').forEach((el) => { el.disabled = !!on; });
    if (on) {
      $('maintenance-reason').textContent = (state.reason && (lang === 'en' ? state.reason.en : state.reason.ko)) || '';
      $('maintenance-until').textContent = state.windowEnd
        ? $('maintenance-until').dataset.template.replace('{0}', new Date(state.windowEnd).toLocaleString(
          lang === 'en' ? 'en-GB' : 'ko-KR', { timeZone: 'Asia/Seoul', dateStyle: 'medium', timeStyle: 'short' }))
        : '';
    }
  }

  function poll() {
    fetch('/api/maintenance').then((r) => (r.ok ? r.json() : null)).then(render).catch(() => {});
  }

  if (window.EventSource) {
    const source = new EventSource('/api/maintenance/stream');
    source.addEventListener('maintenance', (e) => render(JSON.parse(e.data)));
    source.onerror = () => { /* the browser reconnects by itself; poll meanwhile */ poll(); };
  }
  poll();
  setInterval(poll, 15000);
})();
