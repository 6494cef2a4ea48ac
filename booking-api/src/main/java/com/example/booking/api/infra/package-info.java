/** MongoDB, Redis and Axon's stores: embedded by default, real servers when configured. */
package com.example.booking.api.infra;
