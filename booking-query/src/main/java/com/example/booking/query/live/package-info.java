/** The port through which projections announce live changes. */
package com.example.booking.query.live;
