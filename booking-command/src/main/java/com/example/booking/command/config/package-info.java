/** Spring wiring of the write side. */
package com.example.booking.command.config;
