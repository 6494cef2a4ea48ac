/** Hold expiry deadlines: persistent (JobRunr on MongoDB), so holds expire across restarts. */
package com.example.booking.command.deadline;
