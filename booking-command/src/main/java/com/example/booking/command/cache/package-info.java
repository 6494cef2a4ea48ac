/** Caching of trips in memory, kept correct across nodes by versions published in Redis. */
package com.example.booking.command.cache;
