"""kernmonitor: facts per kern for Dutch municipalities that work kerngericht."""
