/** Questions answered from the event store itself: history and the past state of a trip. */
package com.example.booking.shared.history;
