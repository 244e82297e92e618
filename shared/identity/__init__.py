"""Who is who: citizens, their real-name proof, and the numbers that identify them."""
