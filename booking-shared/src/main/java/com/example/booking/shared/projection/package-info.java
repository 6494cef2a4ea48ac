/** Operators' actions on the read models (rebuilds), recorded in the event store like any other change. */
package com.example.booking.shared.projection;
