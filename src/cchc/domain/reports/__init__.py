"""The CCHC reports cchc writes itself (issue 23): their legal periods (``periods``). Plain Python."""
