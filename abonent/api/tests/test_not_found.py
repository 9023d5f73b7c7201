def test_an_unknown_api_address_answers_json_404(client):
    response = client.get("/api/v2/accounts/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
