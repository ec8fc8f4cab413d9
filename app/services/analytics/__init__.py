"""Analytics: item and criterion statistics for instructors, over practice and exam attempts."""
