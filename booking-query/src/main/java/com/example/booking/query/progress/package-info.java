/** Per-trip progress of the projections: idempotence and read-your-writes. */
package com.example.booking.query.progress;
