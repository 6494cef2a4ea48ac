// The seat-map page: one STOMP session, a snapshot then live changes, hold/release/confirm as commands.
(() => {
  const state = { token: null, user: null, client: null, trip: null, seats: new Map(), mine: new Map(),
                  position: -1, subscription: null, requests: 0 };
  const $ = (id) => document.getElementById(id);
  const SCALE = 40;

  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await fetch('/api/dev/tokens', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: $('user').value, roles: [$('role').value] })
    });
    if (!answer.ok) { return say('no token: ' + (await answer.json()).message); }
    state.token = (await answer.json()).token;
    state.user = $('user').value;
    await loadTrips();
    connect();
  });

  async function loadTrips() {
    const trips = await (await fetch('/api/trips')).json();
    const select = $('trip');
    select.replaceChildren(...trips.map((trip) => new Option(`${trip.name} (${trip.available} free)`, trip.tripId)));
    select.disabled = trips.length === 0;
    select.onchange = () => follow(select.value);
  }

  function connect() {
    if (state.client) { state.client.deactivate(); }
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    state.client = new StompJs.Client({
      brokerURL: `${scheme}://${location.host}/ws`,
      connectHeaders: { Authorization: `Bearer ${state.token}` },
      reconnectDelay: 2000,
      onConnect: () => {
        $('status').textContent = `connected as ${state.user}`;
        state.client.subscribe('/user/queue/replies', (frame) => reply(JSON.parse(frame.body)));
        state.client.subscribe('/user/queue/holds', (frame) => expired(JSON.parse(frame.body)));
        if ($('trip').value) { follow($('trip').value); }
      },
      onStompError: (frame) => { $('status').textContent = 'refused: ' + frame.headers.message; },
      onWebSocketClose: () => { $('status').textContent = 'disconnected, reconnecting'; }
    });
    state.client.activate();
  }

  function follow(tripId) {
    if (state.subscription) { state.subscription.unsubscribe(); }
    state.trip = tripId;
    state.mine.clear();
    // conflate: when this page reads slower than the trip changes, it gets the changes merged, not cut off
    state.subscription = state.client.subscribe(`/topic/trips/${tripId}/seats`, (frame) => {
      const message = JSON.parse(frame.body);
      if (message.type === 'seats.snapshot') { snapshot(message); } else { changed(message); }
    }, { conflate: 'true' });
  }

  function snapshot(message) {
    state.position = message.position;
    state.seats.clear();
    const plan = $('plan');
    plan.replaceChildren();
    for (const seat of message.seats) {
      state.seats.set(seat.label, seat);
      if (seat.heldByMe) { state.mine.set(seat.label, Date.parse(seat.expiresAt)); }
      const button = document.createElement('button');
      button.className = 'seat';
      button.id = `seat-${seat.label}`;
      button.dataset.label = seat.label;
      button.textContent = seat.label;
      button.style.left = `${seat.x * SCALE}px`;
      button.style.top = `${seat.y * SCALE}px`;
      button.title = `${seat.label} · ${seat.category} · ${seat.price}`;
      button.addEventListener('click', () => clicked(seat.label));
      plan.appendChild(button);
      paint(seat.label);
    }
    renderHolds();
  }

  function changed(message) {
    if ((message.fromPosition ?? message.position) !== state.position + 1) {
      return follow(state.trip); // a gap: start again from a fresh snapshot
    }
    state.position = message.position;
    for (const change of message.changes) {
      const seat = state.seats.get(change.seat);
      if (!seat) { continue; }
      seat.status = change.status;
      if (change.status !== 'held') { state.mine.delete(change.seat); }
      paint(change.seat);
    }
    renderHolds();
  }

  function paint(label) {
    const seat = state.seats.get(label);
    const button = document.getElementById(`seat-${label}`);
    const mine = seat.status === 'held' && state.mine.has(label);
    button.className = `seat ${mine ? 'mine' : seat.status}`;
    button.dataset.status = mine ? 'mine' : seat.status;
  }

  function clicked(label) {
    const seat = state.seats.get(label);
    const requestId = `r${++state.requests}`;
    if (seat.status === 'available') {
      state.client.publish({ destination: `/app/trips/${state.trip}/hold`,
        body: JSON.stringify({ requestId, seats: [label] }) });
    } else if (state.mine.has(label)) {
      state.client.publish({ destination: `/app/trips/${state.trip}/release`,
        body: JSON.stringify({ requestId, seats: [label] }) });
    }
  }

  function reply(message) {
    if (message.type === 'hold.succeeded') {
      for (const label of message.seats) { state.mine.set(label, Date.parse(message.expiresAt)); paint(label); }
    } else if (message.type === 'release.succeeded') {
      for (const label of message.released) { state.mine.delete(label); }
    } else if (message.type === 'booking.succeeded') {
      say(`booked ${message.seats.join(', ')}: reference ${message.reference}`);
      for (const label of message.seats) { state.mine.delete(label); }
    } else if (message.type.endsWith('.failed')) {
      say(`${message.code}: ${message.message}`);
    }
    renderHolds();
  }

  function expired(message) {
    if (message.tripId !== state.trip) { return; }
    for (const label of message.seats) { state.mine.delete(label); }
    say(`your hold on ${message.seats.join(', ')} expired`);
    renderHolds();
  }

  function renderHolds() {
    countdown();
    const labels = [...state.mine.keys()].sort();
    const form = $('confirm');
    form.hidden = labels.length === 0;
    const passengers = $('passengers');
    const known = new Map([...passengers.querySelectorAll('input')].map((input) => [input.dataset.label, input.value]));
    passengers.replaceChildren(...labels.map((label) => {
      const field = document.createElement('label');
      field.textContent = `Passenger for ${label} `;
      const input = document.createElement('input');
      input.dataset.label = label;
      input.required = true;
      input.placeholder = 'First Last';
      input.value = known.get(label) || '';
      field.appendChild(input);
      return field;
    }));
  }

  $('confirm').addEventListener('submit', (event) => {
    event.preventDefault();
    const inputs = [...$('passengers').querySelectorAll('input')];
    state.client.publish({ destination: '/app/bookings/confirm', body: JSON.stringify({
      requestId: `r${++state.requests}`, tripId: state.trip, seats: inputs.map((input) => input.dataset.label),
      passengers: inputs.map((input) => {
        const [firstName, ...rest] = input.value.trim().split(/\s+/);
        return { firstName, lastName: rest.join(' ') || firstName };
      }),
      payment: { reference: $('payment').value, method: 'card' },
      contact: { name: state.user, email: $('email').value }
    }) });
  });

  function countdown() {
    if (state.mine.size === 0) { $('countdown').textContent = 'none'; return; }
    const soonest = Math.min(...state.mine.values());
    const seconds = Math.max(0, Math.round((soonest - Date.now()) / 1000));
    $('countdown').textContent = `${state.mine.size} seat(s), first expires in ` +
      `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }
  setInterval(countdown, 1000);

  function say(text) { $('message').textContent = text; }
})();
