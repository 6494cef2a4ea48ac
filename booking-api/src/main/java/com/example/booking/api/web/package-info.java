/** Pieces every controller uses: command sending with read-your-writes, id parsing, request limits. */
package com.example.booking.api.web;
