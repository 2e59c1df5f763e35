import sys

from tieshai.cli import main

sys.exit(main())
