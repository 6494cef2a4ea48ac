/** The embedded MongoDB-wire server's backends, extended with the secondary indexes it lacks. */
package com.example.booking.api.infra.embedded;
