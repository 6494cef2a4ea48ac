/** The runnable application: REST, security and infrastructure wiring. */
package com.example.booking.api;
