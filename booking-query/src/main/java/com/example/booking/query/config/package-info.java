/** Spring wiring of the read side. */
package com.example.booking.query.config;
