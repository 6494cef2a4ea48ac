/** History from the event store and projection administration (ADMIN). */
package com.example.booking.api.admin;
