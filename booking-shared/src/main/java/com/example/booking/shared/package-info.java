/** The language both sides speak: ids, commands, events, queries and error codes. No Spring, no MongoDB. */
package com.example.booking.shared;
