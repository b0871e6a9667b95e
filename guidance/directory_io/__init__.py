"""The external support directory in and out: export as CSV and as Open
Referral HSDS 3 JSON, import a CSV of changes after a preview.

``columns`` names the CSV's columns, ``export`` writes the directory,
``hsds`` shapes it for Open Referral, ``parsing`` reads an uploaded file and
``importing`` plans and applies the changes a file asks for.
"""
