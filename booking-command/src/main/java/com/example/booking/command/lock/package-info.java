/** The per-trip distributed lock and the gateway that sends every trip command under it. */
package com.example.booking.command.lock;
