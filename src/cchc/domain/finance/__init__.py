"""Public finance of a unit: budget-disclosure duties (TT 61/2017/TT-BTC) and financial autonomy (NĐ 60/2021)."""
